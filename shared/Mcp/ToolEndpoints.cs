using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Mcp;

/// <summary>A tenant's registered tools: register, read, approve a changed definition, set access, remove.</summary>
public sealed partial class ToolEndpoints(IToolStore tools, Registry.AgentService agents, ToolSecrets secrets, ToolCallAudit audit, SsrfGuard guard, TimeProvider clock)
{
    /// <summary>The input of an agent-skill tool: the message sent to the agent.</summary>
    static readonly JsonElement SkillInputSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"text":{"type":"string","description":"The message for the agent"}},"required":["text"]}""").RootElement.Clone();

    public async Task<Results<Created<RegisteredTool>, InvalidProblem, ConflictProblem>> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateToolRequest>();
        var errors = new List<FieldError>();
        if (!ToolName().IsMatch(body.Name)) errors.Add(new("$.name", "1–128 of letters, digits, '_', '-' and '.' (the MCP tool name rules)."));
        else if (BuiltIn.MarketplaceTools.IsReserved(body.Name)) errors.Add(new("$.name", $"Names under '{BuiltIn.MarketplaceTools.Prefix}.' are the marketplace's own tools."));
        if (body.Description is { Length: > 4000 }) errors.Add(new("$.description", "Must be at most 4000 characters."));
        string? description = body.Description;
        var schema = body.InputSchema;
        if ((body.Http is null) == (body.Skill is null)) errors.Add(new("$", "Send exactly one of http and skill."));
        if (body.Http is { } http)
        {
            if (string.IsNullOrWhiteSpace(description)) errors.Add(new("$.description", "Required for an HTTP tool."));
            if (schema is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("type", out var type) || type.GetString() != "object")
                errors.Add(new("$.inputSchema", "Must be a JSON Schema object with \"type\": \"object\"."));
            if (http.Method is not ("GET" or "POST")) errors.Add(new("$.http.method", "Must be GET or POST."));
            // Placeholders are filled at call time; the host part must pass the SSRF guard already.
            if (!guard.TryValidateUrl(Placeholder().Replace(http.UrlTemplate, "x"), out _, out var error)) errors.Add(new("$.http.urlTemplate", error));
            ToolValidation.Headers(http.Headers, "$.http.headers", request.Caller.TenantId!, secrets, errors);
        }
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        ToolValidation.RateLimit(body.RateLimit, "$.rateLimit", errors);
        Billing.Pricing.Validate(body.Pricing, "$.pricing", errors);
        if (body.Skill is { } skill)
        {
            // Another tenant's private listing reads as missing, like everywhere else.
            var listing = await agents.FindForCallAsync(request.Caller, skill.AgentId, request.Aborted);
            var agentSkill = listing?.Card.Skills.FirstOrDefault(k => k.Id == skill.SkillId);
            if (listing is null) errors.Add(new("$.skill.agentId", $"No agent '{skill.AgentId}'."));
            else if (agentSkill is null) errors.Add(new("$.skill.skillId", $"The agent has no skill '{skill.SkillId}'."));
            else
            {
                description ??= $"{agentSkill.Name} ({listing!.Card.Name}): {agentSkill.Description}";
                schema ??= SkillInputSchema;
            }
        }
        if (errors.Count > 0) return new InvalidProblem(errors);

        var now = clock.GetUtcNow();
        var tool = new RegisteredTool(request.Caller.TenantId!, body.Name, description!, schema!.Value, now)
        {
            Http = body.Http,
            Skill = body.Skill,
            Grant = body.Grant,
            RateLimit = body.RateLimit,
            Pricing = body.Pricing,
        };
        // The registering owner or developer wrote this definition: it is approved as registered.
        var hash = ToolDefinitions.Hash(tool);
        tool = tool with { DefinitionHash = hash, ApprovedHash = hash, ApprovedAt = now, ApprovedDefinition = ToolDefinition.Of(tool) };
        if (!await tools.CreateAsync(tool, request.Aborted)) return new ConflictProblem($"A tool named '{tool.Name}' exists.");
        return TypedResults.Created($"/api/tools/{tool.Name}", tool);
    }

    public async Task<Ok<List<RegisteredTool>>> List(ApiRequest request) =>
        TypedResults.Ok((await tools.ListAsync(request.Caller.TenantId!, request.Aborted)).Select(t => ToolHeaders.For(request.Caller, t)).ToList());

    public async Task<Results<Ok<RegisteredTool>, NotFoundProblem>> Get(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await tools.GetAsync(request.Caller.TenantId!, name, request.Aborted);
        return tool is null ? NoTool(name) : TypedResults.Ok(ToolHeaders.For(request.Caller, tool));
    }

    /// <summary>Calls, errors and latency percentiles of a tool over the last <c>hours</c> (default 24, at most 720).</summary>
    public async Task<Results<Ok<ToolMetrics>, InvalidProblem, NotFoundProblem>> Metrics(ApiRequest request)
    {
        var name = request.Route("toolName");
        var hours = 24;
        if (request.Query("hours") is { } raw && (!int.TryParse(raw, out hours) || hours is < 1 or > 720))
            return new InvalidProblem([new("hours", "Must be an integer from 1 to 720.")]);
        if (await tools.GetAsync(request.Caller.TenantId!, name, request.Aborted) is null) return NoTool(name);
        var since = clock.GetUtcNow().AddHours(-hours);
        return TypedResults.Ok(await audit.MetricsAsync(request.Caller.TenantId!, name, since, request.Aborted));
    }

    /// <summary>The tool's current definition beside the approved one.</summary>
    public async Task<Results<Ok<ToolDefinitionsView>, NotFoundProblem>> Definitions(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await tools.GetAsync(request.Caller.TenantId!, name, request.Aborted);
        if (tool is null) return NoTool(name);
        // A definition approved before the approved text was kept is known by its hash only: no text is invented for it.
        var approved = tool.ApprovedHash is not null && tool.ApprovedDefinition is { } d
            && ToolDefinitions.Hash(tool.Name, d.Description, d.InputSchema, d.OutputSchema) == tool.ApprovedHash ? d : null;
        return TypedResults.Ok(new ToolDefinitionsView(tool.Name, tool.DefinitionHash, ToolDefinition.Of(tool)) { ApprovedHash = tool.ApprovedHash, Approved = approved });
    }

    /// <summary>Approves the definition the approver reviewed; a hash that is no longer current is refused (409).</summary>
    public async Task<Results<Ok<RegisteredTool>, InvalidProblem, NotFoundProblem, ConflictProblem>> Approve(ApiRequest request)
    {
        var name = request.Route("toolName");
        var body = await request.BodyAsync<ApproveToolRequest>();
        var now = clock.GetUtcNow();
        var stale = false;
        var tool = await tools.UpdateAsync(request.Caller.TenantId!, name, t =>
        {
            stale = t.DefinitionHash != body.DefinitionHash;
            return stale ? t : t with { ApprovedHash = t.DefinitionHash, ApprovedAt = now, ApprovedDefinition = ToolDefinition.Of(t) };
        }, request.Aborted);
        if (tool is null) return NoTool(name);
        return stale ? new ConflictProblem($"The tool's definition is now {tool.DefinitionHash}; review it and approve that hash.") : TypedResults.Ok(tool);
    }

    /// <summary>Replaces who may list and call the tool, and its rate limit.</summary>
    public async Task<Results<Ok<RegisteredTool>, InvalidProblem, NotFoundProblem>> SetAccess(ApiRequest request)
    {
        var name = request.Route("toolName");
        var body = await request.BodyAsync<ToolAccessRequest>();
        var errors = new List<FieldError>();
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        ToolValidation.RateLimit(body.RateLimit, "$.rateLimit", errors);
        if (errors.Count > 0) return new InvalidProblem(errors);
        RegisteredTool? before = null;
        var tool = await tools.UpdateAsync(request.Caller.TenantId!, name, t =>
        {
            before = t;
            return t with { Grant = body.Grant, RateLimit = body.RateLimit };
        }, request.Aborted);
        if (tool is null) return NoTool(name);
        var note = Audit.RouteAudit.Note(request);
        (note.Before, note.After) = (AccessOf(before!), AccessOf(tool));
        return TypedResults.Ok(tool);
    }

    static System.Text.Json.Nodes.JsonNode? AccessOf(RegisteredTool tool) =>
        System.Text.Json.JsonSerializer.SerializeToNode(new ToolAccessRequest(tool.Grant, tool.RateLimit), Serialization.Json.Strict);

    public async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> Delete(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await tools.GetAsync(request.Caller.TenantId!, name, request.Aborted);
        if (tool is null) return NoTool(name);
        if (tool.Upstream is { } upstream)
            return new ConflictProblem($"'{name}' comes from the federated server '{upstream.Server}'; restrict it with a grant or remove the server.");
        return await tools.DeleteAsync(request.Caller.TenantId!, name, request.Aborted) ? TypedResults.NoContent() : NoTool(name);
    }

    static NotFoundProblem NoTool(string name) => new($"No tool '{name}'.");

    public static bool IsValidName(string name) => ToolName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\}")]
    internal static partial Regex Placeholder();
}

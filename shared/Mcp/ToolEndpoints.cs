using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Mcp;

public static partial class ToolEndpoints
{
    /// <summary>The input of an agent-skill tool: the message sent to the agent.</summary>
    static readonly JsonElement SkillInputSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"text":{"type":"string","description":"The message for the agent"}},"required":["text"]}""").RootElement.Clone();

    public static async Task<IResult> Create(ApiRequest request)
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
            if (!request.Service<SsrfGuard>().TryValidateUrl(Placeholder().Replace(http.UrlTemplate, "x"), out _, out var error)) errors.Add(new("$.http.urlTemplate", error));
            ToolValidation.Headers(http.Headers, "$.http.headers", request.Caller.TenantId!, request.Service<ToolSecrets>(), errors);
        }
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        ToolValidation.RateLimit(body.RateLimit, "$.rateLimit", errors);
        Billing.Pricing.Validate(body.Pricing, "$.pricing", errors);
        if (body.Skill is { } skill)
        {
            // Another tenant's private listing reads as missing, like everywhere else.
            var listing = await request.Service<Registry.AgentService>().FindForCallAsync(request.Caller, skill.AgentId, request.Aborted);
            var agentSkill = listing?.Card.Skills.FirstOrDefault(k => k.Id == skill.SkillId);
            if (listing is null) errors.Add(new("$.skill.agentId", $"No agent '{skill.AgentId}'."));
            else if (agentSkill is null) errors.Add(new("$.skill.skillId", $"The agent has no skill '{skill.SkillId}'."));
            else
            {
                description ??= $"{agentSkill.Name} ({listing!.Card.Name}): {agentSkill.Description}";
                schema ??= SkillInputSchema;
            }
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var now = request.Service<TimeProvider>().GetUtcNow();
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
        if (!await request.Service<IToolStore>().CreateAsync(tool, request.Aborted)) return Problems.Conflict($"A tool named '{tool.Name}' exists.");
        return Results.Created($"/api/tools/{tool.Name}", tool);
    }

    public static async Task<IResult> List(ApiRequest request) =>
        Results.Ok((await request.Service<IToolStore>().ListAsync(request.Caller.TenantId!, request.Aborted)).Select(t => ToolHeaders.For(request.Caller, t)).ToList());

    public static async Task<IResult> Get(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await request.Service<IToolStore>().GetAsync(request.Caller.TenantId!, name, request.Aborted);
        return tool is null ? Problems.NotFound($"No tool '{name}'.") : Results.Ok(ToolHeaders.For(request.Caller, tool));
    }

    /// <summary>Calls, errors and latency percentiles of a tool over the last <c>hours</c> (default 24, at most 720).</summary>
    public static async Task<IResult> Metrics(ApiRequest request)
    {
        var name = request.Route("toolName");
        var hours = 24;
        if (request.Query("hours") is { } raw && (!int.TryParse(raw, out hours) || hours is < 1 or > 720))
            return Problems.Validation([new("hours", "Must be an integer from 1 to 720.")]);
        if (await request.Service<IToolStore>().GetAsync(request.Caller.TenantId!, name, request.Aborted) is null) return Problems.NotFound($"No tool '{name}'.");
        var since = request.Service<TimeProvider>().GetUtcNow().AddHours(-hours);
        return Results.Ok(await request.Service<ToolCallAudit>().MetricsAsync(request.Caller.TenantId!, name, since, request.Aborted));
    }

    /// <summary>The tool's current definition beside the approved one.</summary>
    public static async Task<IResult> Definitions(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await request.Service<IToolStore>().GetAsync(request.Caller.TenantId!, name, request.Aborted);
        if (tool is null) return Problems.NotFound($"No tool '{name}'.");
        // A definition approved before the approved text was kept is known by its hash only: no text is invented for it.
        var approved = tool.ApprovedHash is not null && tool.ApprovedDefinition is { } d
            && ToolDefinitions.Hash(tool.Name, d.Description, d.InputSchema, d.OutputSchema) == tool.ApprovedHash ? d : null;
        return Results.Ok(new ToolDefinitionsView(tool.Name, tool.DefinitionHash, ToolDefinition.Of(tool)) { ApprovedHash = tool.ApprovedHash, Approved = approved });
    }

    /// <summary>Approves the definition the approver reviewed; a hash that is no longer current is refused (409).</summary>
    public static async Task<IResult> Approve(ApiRequest request)
    {
        var name = request.Route("toolName");
        var body = await request.BodyAsync<ApproveToolRequest>();
        var now = request.Service<TimeProvider>().GetUtcNow();
        var stale = false;
        var tool = await request.Service<IToolStore>().UpdateAsync(request.Caller.TenantId!, name, t =>
        {
            stale = t.DefinitionHash != body.DefinitionHash;
            return stale ? t : t with { ApprovedHash = t.DefinitionHash, ApprovedAt = now, ApprovedDefinition = ToolDefinition.Of(t) };
        }, request.Aborted);
        if (tool is null) return Problems.NotFound($"No tool '{name}'.");
        return stale ? Problems.Conflict($"The tool's definition is now {tool.DefinitionHash}; review it and approve that hash.") : Results.Ok(tool);
    }

    /// <summary>Replaces who may list and call the tool, and its rate limit.</summary>
    public static async Task<IResult> SetAccess(ApiRequest request)
    {
        var name = request.Route("toolName");
        var body = await request.BodyAsync<ToolAccessRequest>();
        var errors = new List<FieldError>();
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        ToolValidation.RateLimit(body.RateLimit, "$.rateLimit", errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        RegisteredTool? before = null;
        var tool = await request.Service<IToolStore>().UpdateAsync(request.Caller.TenantId!, name, t =>
        {
            before = t;
            return t with { Grant = body.Grant, RateLimit = body.RateLimit };
        }, request.Aborted);
        if (tool is null) return Problems.NotFound($"No tool '{name}'.");
        var note = Audit.RouteAudit.Note(request);
        (note.Before, note.After) = (AccessOf(before!), AccessOf(tool));
        return Results.Ok(tool);
    }

    static System.Text.Json.Nodes.JsonNode? AccessOf(RegisteredTool tool) =>
        System.Text.Json.JsonSerializer.SerializeToNode(new ToolAccessRequest(tool.Grant, tool.RateLimit), Http.Json.Options);

    public static async Task<IResult> Delete(ApiRequest request)
    {
        var name = request.Route("toolName");
        var store = request.Service<IToolStore>();
        var tool = await store.GetAsync(request.Caller.TenantId!, name, request.Aborted);
        if (tool is null) return Problems.NotFound($"No tool '{name}'.");
        if (tool.Upstream is { } upstream)
            return Problems.Conflict($"'{name}' comes from the federated server '{upstream.Server}'; restrict it with a grant or remove the server.");
        return await store.DeleteAsync(request.Caller.TenantId!, name, request.Aborted) ? Results.NoContent() : Problems.NotFound($"No tool '{name}'.");
    }

    public static bool IsValidName(string name) => ToolName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\}")]
    internal static partial Regex Placeholder();
}

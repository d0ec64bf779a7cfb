using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Mcp;

/// <summary>REST for federated MCP servers: register (and import their tools), list, sync, remove.</summary>
public sealed partial class McpServerEndpoints(IMcpServerStore servers, McpServerSyncs syncs, ToolSecrets secrets, SsrfGuard guard, TimeProvider clock)
{
    public async Task<Results<Created<McpServerSync>, InvalidProblem, ConflictProblem, UpstreamProblem>> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateMcpServerRequest>();
        var tenantId = request.Caller.TenantId!;
        var errors = new List<FieldError>();
        if (!Prefix().IsMatch(body.Prefix)) errors.Add(new("$.prefix", "1–32 of letters, digits, '_' and '-': tools appear as {prefix}.{tool}."));
        else if (BuiltIn.MarketplaceTools.IsReserved(body.Prefix)) errors.Add(new("$.prefix", $"'{BuiltIn.MarketplaceTools.Prefix}' names the marketplace's own tools."));
        if (!guard.TryValidateUrl(body.Url, out _, out var error)) errors.Add(new("$.url", error));
        ToolValidation.Headers(body.Headers, "$.headers", tenantId, secrets, errors);
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        if (errors.Count > 0) return new InvalidProblem(errors);

        var server = new McpServerRegistration(tenantId, body.Prefix, body.Url, body.Headers ?? [], clock.GetUtcNow()) { Grant = body.Grant };
        if (!await servers.CreateAsync(server, request.Aborted)) return new ConflictProblem($"A server with prefix '{body.Prefix}' exists.");
        var (sync, problem) = await syncs.SyncOrUndoAsync(server, body.Approve, request.Aborted);
        return problem is not null ? problem : TypedResults.Created($"/api/mcp-servers/{server.Prefix}", sync!);
    }

    public async Task<Ok<List<McpServerRegistration>>> List(ApiRequest request) =>
        TypedResults.Ok((await servers.ListAsync(request.Caller.TenantId!, request.Aborted)).Select(s => ToolHeaders.For(request.Caller, s)).ToList());

    public async Task<Results<Ok<McpServerRegistration>, NotFoundProblem>> Get(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var server = await servers.GetAsync(request.Caller.TenantId!, prefix, request.Aborted);
        return server is null ? NoServer(prefix) : TypedResults.Ok(ToolHeaders.For(request.Caller, server));
    }

    /// <summary>Re-reads the server's tools: new ones wait for approval, changed ones are blocked until re-approved.</summary>
    public async Task<Results<Ok<McpServerSync>, NotFoundProblem, UpstreamProblem>> Sync(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var server = await servers.GetAsync(request.Caller.TenantId!, prefix, request.Aborted);
        if (server is null) return NoServer(prefix);
        var (sync, problem) = await syncs.SyncOrUndoAsync(server, approveNew: false, request.Aborted, undo: false);
        return problem is not null ? problem : TypedResults.Ok(sync!);
    }

    public async Task<Results<NoContent, NotFoundProblem>> Delete(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var tenantId = request.Caller.TenantId!;
        if (!await servers.DeleteAsync(tenantId, prefix, request.Aborted)) return NoServer(prefix);
        await syncs.RemoveToolsAsync(tenantId, prefix);
        return TypedResults.NoContent();
    }

    static NotFoundProblem NoServer(string prefix) => new($"No server '{prefix}'.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    internal static partial Regex Prefix();
}

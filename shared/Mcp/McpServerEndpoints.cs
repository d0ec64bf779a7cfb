using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;

namespace Marketplace.Mcp;

/// <summary>REST for federated MCP servers: register (and import their tools), list, sync, remove.</summary>
public static partial class McpServerEndpoints
{
    public static async Task<IResult> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateMcpServerRequest>();
        var tenantId = request.Caller.TenantId!;
        var errors = new List<FieldError>();
        if (!Prefix().IsMatch(body.Prefix)) errors.Add(new("$.prefix", "1–32 of letters, digits, '_' and '-': tools appear as {prefix}.{tool}."));
        else if (BuiltIn.MarketplaceTools.IsReserved(body.Prefix)) errors.Add(new("$.prefix", $"'{BuiltIn.MarketplaceTools.Prefix}' names the marketplace's own tools."));
        if (!request.Service<SsrfGuard>().TryValidateUrl(body.Url, out _, out var error)) errors.Add(new("$.url", error));
        ToolValidation.Headers(body.Headers, "$.headers", tenantId, request.Service<ToolSecrets>(), errors);
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        if (errors.Count > 0) return Problems.Validation(errors);

        var store = request.Service<IMcpServerStore>();
        var server = new McpServerRegistration(tenantId, body.Prefix, body.Url, body.Headers ?? [], request.Service<TimeProvider>().GetUtcNow()) { Grant = body.Grant };
        if (!await store.CreateAsync(server, request.Aborted)) return Problems.Conflict($"A server with prefix '{body.Prefix}' exists.");
        var sync = await SyncOrUndoAsync(request, server, body.Approve);
        return sync.Problem ?? Results.Created($"/api/mcp-servers/{server.Prefix}", sync.Result);
    }

    public static async Task<IResult> List(ApiRequest request) =>
        Results.Ok((await request.Service<IMcpServerStore>().ListAsync(request.Caller.TenantId!, request.Aborted)).Select(s => ToolHeaders.For(request.Caller, s)).ToList());

    public static async Task<IResult> Get(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var server = await request.Service<IMcpServerStore>().GetAsync(request.Caller.TenantId!, prefix, request.Aborted);
        return server is null ? Problems.NotFound($"No server '{prefix}'.") : Results.Ok(ToolHeaders.For(request.Caller, server));
    }

    /// <summary>Re-reads the server's tools: new ones wait for approval, changed ones are blocked until re-approved.</summary>
    public static async Task<IResult> Sync(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var server = await request.Service<IMcpServerStore>().GetAsync(request.Caller.TenantId!, prefix, request.Aborted);
        if (server is null) return Problems.NotFound($"No server '{prefix}'.");
        var sync = await SyncOrUndoAsync(request, server, approveNew: false, undo: false);
        return sync.Problem ?? Results.Ok(sync.Result);
    }

    public static async Task<IResult> Delete(ApiRequest request)
    {
        var prefix = request.Route("prefix");
        var tenantId = request.Caller.TenantId!;
        if (!await request.Service<IMcpServerStore>().DeleteAsync(tenantId, prefix, request.Aborted)) return Problems.NotFound($"No server '{prefix}'.");
        await RemoveToolsAsync(request, tenantId, prefix);
        return Results.NoContent();
    }

    internal static async Task<(McpServerSync? Result, IResult? Problem)> SyncOrUndoAsync(ApiRequest request, McpServerRegistration server, bool approveNew, bool undo = true)
    {
        try
        {
            var (sync, version) = await request.Service<FederatedServers>().SyncAsync(server, approveNew, request.Aborted);
            await request.Service<IMcpServerStore>().SaveAsync(server with { SyncedAt = sync.SyncedAt, ServerVersion = version ?? server.ServerVersion }, request.Aborted);
            return (sync, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or McpException or IOException or MissingToolSecretException or TimeoutException
                                       || (ex is OperationCanceledException && !request.Aborted.IsCancellationRequested))
        {
            // A registration whose server cannot be read is not kept half-made.
            if (undo)
            {
                await request.Service<IMcpServerStore>().DeleteAsync(server.TenantId, server.Prefix, CancellationToken.None);
                await RemoveToolsAsync(request, server.TenantId, server.Prefix);
            }
            return (null, Problems.BadGateway($"The MCP server at {server.Url} could not be read: {FederatedServers.Describe(ex)}."));
        }
    }

    internal static async Task RemoveToolsAsync(ApiRequest request, string tenantId, string prefix)
    {
        var tools = request.Service<IToolStore>();
        foreach (var tool in (await tools.ListAsync(tenantId, CancellationToken.None)).Where(t => t.Upstream?.Server == prefix))
            await tools.DeleteAsync(tenantId, tool.Name, CancellationToken.None);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    internal static partial Regex Prefix();
}

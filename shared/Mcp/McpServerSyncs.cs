using Marketplace.Http;
using ModelContextProtocol;

namespace Marketplace.Mcp;

/// <summary>
/// Reads a federated server's tools into the tool store, and takes a registration back out: shared by registering one
/// server (<see cref="McpServerEndpoints"/>) and importing several (<see cref="ServerRegistry.RegistryImportEndpoints"/>).
/// </summary>
public sealed class McpServerSyncs(FederatedServers federated, IMcpServerStore servers, IToolStore tools)
{
    /// <summary>The sync, or a 502 when the server cannot be read; then, with <paramref name="undo"/>, the registration is removed.</summary>
    public async Task<(McpServerSync? Result, UpstreamProblem? Problem)> SyncOrUndoAsync(McpServerRegistration server, bool approveNew, CancellationToken aborted, bool undo = true)
    {
        try
        {
            var (sync, version) = await federated.SyncAsync(server, approveNew, aborted);
            await servers.SaveAsync(server with { SyncedAt = sync.SyncedAt, ServerVersion = version ?? server.ServerVersion }, aborted);
            return (sync, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or McpException or IOException or MissingToolSecretException or TimeoutException
                                       || (ex is OperationCanceledException && !aborted.IsCancellationRequested))
        {
            // A registration whose server cannot be read is not kept half-made.
            if (undo) await RemoveAsync(server.TenantId, server.Prefix);
            return (null, new UpstreamProblem($"The MCP server at {server.Url} could not be read: {FederatedServers.Describe(ex)}."));
        }
    }

    /// <summary>The registration and the tools it brought; not cancelled with the request, so nothing is left half-removed.</summary>
    public async Task RemoveAsync(string tenantId, string prefix)
    {
        await servers.DeleteAsync(tenantId, prefix, CancellationToken.None);
        await RemoveToolsAsync(tenantId, prefix);
    }

    public async Task RemoveToolsAsync(string tenantId, string prefix)
    {
        foreach (var tool in (await tools.ListAsync(tenantId, CancellationToken.None)).Where(t => t.Upstream?.Server == prefix))
            await tools.DeleteAsync(tenantId, tool.Name, CancellationToken.None);
    }
}

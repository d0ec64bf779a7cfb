namespace Marketplace.Mcp;

/// <summary>
/// A federated MCP server a tenant registered: its tools appear in the tenant's registry as <c>{prefix}.{tool}</c>
/// and calls to them are proxied with the tenant's own credentials (headers), never the caller's.
/// </summary>
public sealed record McpServerRegistration(string TenantId, string Prefix, string Url, IReadOnlyList<ToolHeader> Headers, DateTimeOffset CreatedAt)
{
    public ToolGrant? Grant { get; init; }
    public DateTimeOffset? SyncedAt { get; init; }

    /// <summary>The <c>serverInfo.version</c> the server reported at its last sync.</summary>
    public string? ServerVersion { get; init; }

    /// <summary>Set when the server was imported from an MCP registry: where from, under which name and version.</summary>
    public ImportedServer? ImportedFrom { get; init; }
}

public sealed record ImportedServer(string RegistryUrl, string Name, string Version);

/// <summary>Body of <c>POST /api/mcp-servers</c>. The tools found are approved at once unless <c>approve</c> is false.</summary>
public sealed record CreateMcpServerRequest(string Prefix, string Url, IReadOnlyList<ToolHeader>? Headers = null, ToolGrant? Grant = null, bool Approve = true);

/// <summary>What a sync found: tools added, changed (now blocked until re-approved), removed, unchanged.</summary>
public sealed record McpServerSync(string Prefix, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, int Unchanged, DateTimeOffset SyncedAt);

/// <summary>Each tenant's federated servers, by prefix.</summary>
public interface IMcpServerStore
{
    Task<bool> CreateAsync(McpServerRegistration server, CancellationToken ct);

    Task<McpServerRegistration?> GetAsync(string tenantId, string prefix, CancellationToken ct);

    Task<IReadOnlyList<McpServerRegistration>> ListAsync(string tenantId, CancellationToken ct);

    Task SaveAsync(McpServerRegistration server, CancellationToken ct);

    Task<bool> DeleteAsync(string tenantId, string prefix, CancellationToken ct);
}

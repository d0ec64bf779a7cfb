namespace Marketplace.Mcp;

/// <summary>Each tenant's tool registry; a name is unique within a tenant.</summary>
public interface IToolStore
{
    /// <summary>False when the tenant already has a tool with this name.</summary>
    Task<bool> CreateAsync(RegisteredTool tool, CancellationToken ct);

    Task<RegisteredTool?> GetAsync(string tenantId, string name, CancellationToken ct);

    /// <summary>By name, ordinal: the order <c>tools/list</c> pages through.</summary>
    Task<IReadOnlyList<RegisteredTool>> ListAsync(string tenantId, CancellationToken ct);

    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct);
}

namespace Marketplace.Mcp;

/// <summary>Each tenant's tool registry; a name is unique within a tenant.</summary>
public interface IToolStore
{
    /// <summary>False when the tenant already has a tool with this name.</summary>
    Task<bool> CreateAsync(RegisteredTool tool, CancellationToken ct);

    Task<RegisteredTool?> GetAsync(string tenantId, string name, CancellationToken ct);

    /// <summary>By name, ordinal: the order <c>tools/list</c> pages through.</summary>
    Task<IReadOnlyList<RegisteredTool>> ListAsync(string tenantId, CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="change"/> to the current tool and saves it unless another writer got there first, in
    /// which case it runs again on the newer tool. Null when there is no such tool.
    /// </summary>
    Task<RegisteredTool?> UpdateAsync(string tenantId, string name, Func<RegisteredTool, RegisteredTool> change, CancellationToken ct);

    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken ct);
}

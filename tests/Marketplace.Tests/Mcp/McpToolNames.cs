using Marketplace.Mcp.BuiltIn;

namespace Marketplace.Tests.Mcp;

/// <summary>Every hub also lists the marketplace's own tools; tests of a tenant's registry compare the rest.</summary>
static class McpToolNames
{
    public static IEnumerable<string> TenantTools(IEnumerable<string> names) => names.Where(n => !MarketplaceTools.IsReserved(n));
}

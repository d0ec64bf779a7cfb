namespace Marketplace.Tenancy;

/// <summary>
/// Scopes a key may be limited to. A key with scopes may do only what they name (and what its role allows); a key
/// without scopes may do all its role allows.
/// </summary>
public static class KeyScopes
{
    /// <summary>Call agents and tools: the A2A gateway, the orchestrator agent and <c>/mcp</c>.</summary>
    public const string AgentsCall = "agents:call";

    /// <summary>Read balance, ledger, statements and usage.</summary>
    public const string BillingRead = "billing:read";

    public static IReadOnlyList<string> All { get; } = [AgentsCall, BillingRead];
}

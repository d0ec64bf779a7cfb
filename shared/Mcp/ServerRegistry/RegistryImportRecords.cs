namespace Marketplace.Mcp.ServerRegistry;

/// <summary>
/// Body of <c>POST /api/mcp-servers/import</c>: servers of another MCP registry to federate, by name. The headers
/// (secrets as for any federated server) go to every imported server; each one's prefix is the last part of its name.
/// </summary>
public sealed record ImportMcpServersRequest(string RegistryUrl, IReadOnlyList<string> Names, IReadOnlyList<ToolHeader>? Headers = null, ToolGrant? Grant = null, bool Approve = true);

/// <summary>What an import registered: every server asked for, or (on any failure) none.</summary>
public sealed record McpServerImport(IReadOnlyList<ImportedMcpServer> Imported);

public sealed record ImportedMcpServer(string Name, string Version, string Prefix, string Url, McpServerSync Sync);

using Marketplace.Tenancy;

namespace Marketplace.Mcp;

/// <summary>
/// Which tool and upstream headers carry credentials, and what of them each role may read. A credential is only ever
/// a secret reference (its value lives in configuration and is never returned); a literal value is readable by every
/// role of the tenant, so credential-bearing names may not have one, and other literal values are shown only to the
/// roles that may register tools.
/// </summary>
public static class ToolHeaders
{
    static readonly HashSet<string> CredentialNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Key", "ApiKey", "Token", "Secret", "Password",
    };

    static readonly string[] CredentialSuffixes = ["-Key", "_Key", "-Token", "_Token", "-Secret", "_Secret", "-Password", "_Password"];

    /// <summary>Authorization, Proxy-Authorization, Cookie, X-API-Key and any *-Key, *-Token, *-Secret or *-Password (any case).</summary>
    public static bool CarriesCredential(string name) =>
        CredentialNames.Contains(name) || CredentialSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles of <c>POST /api/tools</c> and <c>POST /api/mcp-servers</c> (and the platform admin).</summary>
    public static bool CanEdit(Caller caller) => caller.IsAdmin || caller.Role is Role.Owner or Role.Developer;

    /// <summary>The headers as <paramref name="caller"/> may see them: literal values hidden from roles that cannot edit.</summary>
    public static IReadOnlyList<ToolHeader>? For(Caller caller, IReadOnlyList<ToolHeader>? headers) =>
        headers is null || CanEdit(caller) ? headers : headers.Select(h => h.Value is null ? h : h with { Value = null, Redacted = true }).ToList();

    public static RegisteredTool For(Caller caller, RegisteredTool tool) =>
        tool.Http is { Headers: { } headers } http ? tool with { Http = http with { Headers = For(caller, headers) } } : tool;

    public static McpServerRegistration For(Caller caller, McpServerRegistration server) => server with { Headers = For(caller, server.Headers)! };
}

using Marketplace.Http;

namespace Marketplace.Mcp;

/// <summary>Checks shared by tool and server registration: headers, grants and rate limits.</summary>
public static class ToolValidation
{
    // Set by the HTTP stack or meaningful only hop by hop: a tool must not override them.
    static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Upgrade", "Te", "Trailer", "Keep-Alive", "Proxy-Authorization", "Mcp-Session-Id", "Mcp-Protocol-Version",
    };

    public static void Headers(IReadOnlyList<ToolHeader>? headers, string path, string tenantId, ToolSecrets secrets, List<FieldError> errors)
    {
        if (headers is null) return;
        if (headers.Count > 20) errors.Add(new(path, "At most 20 headers."));
        for (var i = 0; i < headers.Count; i++)
        {
            var h = headers[i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrEmpty(h.Name) || !h.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) errors.Add(new($"{at}.name", "Must be a header name (letters, digits, '-', '_')."));
            else if (ReservedHeaders.Contains(h.Name)) errors.Add(new($"{at}.name", $"'{h.Name}' is set by the marketplace."));
            if (h.Redacted is not null) errors.Add(new($"{at}.redacted", "Set by the marketplace in answers only."));
            if ((h.Value is null) == (h.Secret is null)) errors.Add(new(at, "Send exactly one of value and secret."));
            else if (h.Value is not null && ToolHeaders.CarriesCredential(h.Name ?? ""))
                errors.Add(new($"{at}.value", $"'{h.Name}' carries a credential: give it as a secret (setting {ToolSecrets.Section}:{tenantId}:<name>), not a literal value."));
            else if (h.Value is { } v && (v.Length > 4096 || v.Any(char.IsControl))) errors.Add(new($"{at}.value", "At most 4096 characters, no control characters."));
            else if (h.Secret is { } s && !secrets.Exists(tenantId, s)) errors.Add(new($"{at}.secret", $"No secret '{s}' is configured for this tenant (setting {ToolSecrets.Section}:{tenantId}:{s})."));
        }
    }

    public static void Grant(ToolGrant? grant, string path, List<FieldError> errors)
    {
        if (grant is null) return;
        if ((grant.Roles?.Count ?? 0) + (grant.Principals?.Count ?? 0) == 0) errors.Add(new(path, "Grant at least one role or principal, or send no grant to open the tool to every key."));
        if (grant.Principals?.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 256) == true) errors.Add(new($"{path}.principals", "Each principal is a key id or token subject of at most 256 characters."));
    }

    public static void RateLimit(ToolRateLimit? limit, string path, List<FieldError> errors)
    {
        if (limit is null) return;
        if (limit.PerMinute is < 1 or > 100_000) errors.Add(new($"{path}.perMinute", "Must be from 1 to 100000."));
        if (limit.Burst < 1 || limit.Burst > Math.Max(1, limit.PerMinute)) errors.Add(new($"{path}.burst", "Must be from 1 to perMinute."));
    }
}

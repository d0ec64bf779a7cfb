using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Identity;

/// <summary>A person, or a service signing in with client credentials.</summary>
public enum PrincipalKind
{
    User,
    Service,
}

/// <summary>
/// A signed-in person or service as the marketplace knows it: a stable id derived from who issued the identity and
/// the issuer's own stable id for it, with the profile the last token carried.
/// </summary>
public sealed record Principal(string Id, PrincipalKind Kind, string Issuer, string Subject, string? DisplayName, string? Email, DateTimeOffset CreatedAt);

public static class PrincipalIds
{
    /// <summary>
    /// <c>u-</c> + 128 bits of SHA-256 over the issuer and subject. Entra ID identities use the directory (<c>tid</c>) and
    /// object id (<c>oid</c>), which stay the same across apps and issuer URL forms where <c>sub</c> does not.
    /// </summary>
    public static string For(string issuer, string subject) =>
        "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer.TrimEnd('/') + "\n" + subject)))[..32];

    public static string ForEntra(string directoryId, string objectId) => For("entra:" + directoryId.ToLowerInvariant(), objectId.ToLowerInvariant());
}

using System.Security.Cryptography;
using System.Text;
using Marketplace.Tenancy;

namespace Marketplace.Identity;

/// <summary>A stored invitation: only the SHA-256 of its token is kept, as the row key.</summary>
public sealed record Invitation(string TokenHash, string TenantId, Role Role, string? Email, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt, string? AcceptedBy);

public sealed record CreateInvitationRequest(Role Role, string? Email = null, int? ExpiresInHours = null);

/// <summary>Returned once, to the inviter, who passes the link on: the platform sends no email.</summary>
public sealed record CreatedInvitation(string TenantId, Role Role, string? Email, DateTimeOffset ExpiresAt, string Token, string AcceptUrl);

public static class InvitationTokens
{
    /// <summary><c>inv_</c> + 256 random bits, base64url: guessing one is infeasible, and only its hash is stored.</summary>
    public static string New() => "inv_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A well-formed token: the shape <see cref="New"/> makes, so no other value reaches storage.</summary>
    public static bool IsWellFormed(string token) =>
        token.Length == 47 && token.StartsWith("inv_", StringComparison.Ordinal) && token[4..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

public enum AcceptOutcome
{
    Accepted,
    Unknown,
    Expired,
    Used,
}

public interface IInvitationStore
{
    Task CreateAsync(Invitation invitation, CancellationToken ct);

    Task<Invitation?> GetAsync(string tokenHash, CancellationToken ct);

    /// <summary>Marks the invitation used by <paramref name="principalId"/>, once: a second accept, even a concurrent one, is refused.</summary>
    Task<(AcceptOutcome Outcome, Invitation? Invitation)> AcceptAsync(string tokenHash, string principalId, DateTimeOffset at, CancellationToken ct);
}

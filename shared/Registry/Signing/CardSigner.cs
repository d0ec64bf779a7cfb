namespace Marketplace.Registry.Signing;

/// <summary>
/// The key that signed a listing's card, as verified at publish: its RFC 7638 thumbprint, the key id and algorithm
/// from the JWS header, and the host of the key set it came from (none when the header carried the key itself).
/// </summary>
public sealed record CardSigner(string KeyThumbprint, string KeyId, string Algorithm)
{
    public string? JwksHost { get; init; }

    public bool SameKey(CardSigner? other) => other is not null && other.KeyThumbprint == KeyThumbprint;
}

/// <summary>How a version's signer differs from the version before it; an unchanged signer is not flagged.</summary>
public enum SignerChange
{
    /// <summary>The card was signed before and is not any more.</summary>
    Dropped,

    /// <summary>The card is signed by another key than before.</summary>
    Changed,
}

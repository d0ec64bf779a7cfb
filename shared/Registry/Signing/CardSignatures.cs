using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Errors;

namespace Marketplace.Registry.Signing;

/// <summary>
/// Verifies the signatures a card carries (A2A 1.0 §8.4): each is a JWS with a detached payload over the card's
/// canonical form, its key given in the protected header (<c>jku</c>, fetched through the SSRF guard, or
/// <c>jwk</c>). A card with a signature that does not verify is refused: a listing that claims a signer must have it.
/// </summary>
public sealed class CardSignatures(CardFetcher fetcher)
{
    /// <summary>The signer of the first signature (all must verify), none for an unsigned card; a 400 naming each failure.</summary>
    public async Task<CardSigner?> VerifyAsync(JsonElement card, string path, CancellationToken ct)
    {
        if (!card.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array || signatures.GetArrayLength() == 0)
            return null;
        var payload = System.Buffers.Text.Base64Url.EncodeToString(CardCanonicalizer.Payload(card));
        var errors = new List<FieldError>();
        CardSigner? first = null;
        var i = 0;
        foreach (var signature in signatures.EnumerateArray())
        {
            var at = $"{path}.signatures[{i++}]";
            var (signer, error) = await VerifyOneAsync(signature, payload, at, ct);
            if (error is not null) errors.Add(error);
            else first ??= signer;
        }
        if (errors.Count > 0) throw new DomainException(DomainError.Invalid(errors, "A signature on the card does not verify."));
        return first;
    }

    async Task<(CardSigner? Signer, FieldError? Error)> VerifyOneAsync(JsonElement signature, string payload, string at, CancellationToken ct)
    {
        if (Text(signature, "protected") is not { } protectedText || Header(protectedText) is not { } header)
            return (null, new($"{at}.protected", "Must be a base64url-encoded JSON object (the JWS protected header)."));
        if (Text(signature, "signature") is not { } signatureText || Decode(signatureText) is not { } signatureBytes)
            return (null, new($"{at}.signature", "Must be the base64url-encoded signature."));
        var alg = Text(header, "alg");
        if (alg is null || !JsonWebKeys.Algorithms.Contains(alg))
            return (null, new($"{at}.protected", $"The algorithm must be one of {string.Join(", ", JsonWebKeys.Algorithms)}."));
        if (Text(header, "kid") is not { } kid)
            return (null, new($"{at}.protected", "The protected header must name its key (kid)."));

        JsonObject? jwk;
        string? jwksHost = null;
        if (Text(header, "jku") is { } jku)
        {
            var (keySet, failure) = await fetcher.TryGetJsonAsync(jku, "key set", ct);
            if (keySet is null) return (null, new($"{at}.protected", failure!));
            jwk = keySet.Value.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array
                ? keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.Object && Text(k, "kid") == kid).Select(k => JsonObject.Create(k)).FirstOrDefault()
                : null;
            if (jwk is null) return (null, new($"{at}.protected", $"The key set at jku has no key '{kid}'."));
            jwksHost = new Uri(jku).Host;
        }
        else if (header.TryGetProperty("jwk", out var embedded) && embedded.ValueKind == JsonValueKind.Object)
        {
            jwk = JsonObject.Create(embedded)!;
        }
        else
        {
            return (null, new($"{at}.protected", "The protected header gives no key: send jku (a key set URL) or jwk."));
        }

        var input = Encoding.ASCII.GetBytes($"{protectedText}.{payload}");
        if (!JsonWebKeys.Verify(jwk, alg, input, signatureBytes, out var problem))
            return (null, new($"{at}.signature", problem ?? $"The signature does not verify against key '{kid}': the card is not the one that was signed."));
        return (new CardSigner(JsonWebKeys.Thumbprint(jwk), kid, alg) { JwksHost = jwksHost }, null);
    }

    static JsonElement? Header(string protectedText)
    {
        if (Decode(protectedText) is not { } bytes) return null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static byte[]? Decode(string text)
    {
        try { return System.Buffers.Text.Base64Url.DecodeFromChars(text); }
        catch (FormatException) { return null; }
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

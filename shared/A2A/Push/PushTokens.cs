using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Marketplace.A2A.Push;

/// <summary>
/// Signs each notification as a short-lived ES256 JWT: audience is the webhook, and the body's SHA-256 is a claim,
/// so a receiver that checks the signature against <c>/.well-known/jwks.json</c> knows the body came from us.
/// </summary>
public sealed class PushTokens(PushSigningKey signingKey, TimeProvider clock)
{
    public async Task<string> CreateAsync(string issuer, string webhookUrl, string taskId, string notificationId, byte[] body, CancellationToken ct)
    {
        var (key, kid) = await signingKey.GetAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid };
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = webhookUrl,
            ["iat"] = now,
            ["exp"] = now + 300,
            ["jti"] = notificationId,
            ["taskId"] = taskId,
            ["request_body_sha256"] = Convert.ToHexStringLower(SHA256.HashData(body)),
        };
        var signingInput = $"{Base64Url.Json(header)}.{Base64Url.Json(payload)}";
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.Encode(signature)}";
    }
}

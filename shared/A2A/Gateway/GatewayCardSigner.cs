using Marketplace.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Push;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Registry.Signing;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// Signs the cards the gateway serves (A2A 1.0 §8.4) with the platform key published at
/// <c>/.well-known/jwks.json</c>, so a client can check that a card naming the gateway's endpoints comes from the
/// marketplace. The agent's own signatures cannot travel with it: they cover the agent's card, not this rewritten one.
/// </summary>
public sealed class GatewayCardSigner(PushSigningKey key)
{
    public const string JwksPath = "/.well-known/jwks.json";

    public async Task<JsonObject> SignAsync(AgentCard card, string baseUrl, CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToElement(card, Json.Lenient);
        var (ecdsa, kid) = await key.GetAsync(ct);
        var header = Base64Url.Json(new JsonObject { ["alg"] = "ES256", ["typ"] = "JOSE", ["kid"] = kid, ["jku"] = baseUrl + JwksPath });
        var payload = Base64Url.Encode(CardCanonicalizer.Payload(json));
        var signature = ecdsa.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256);
        var signed = JsonObject.Create(json)!;
        signed["signatures"] = new JsonArray(new JsonObject { ["protected"] = header, ["signature"] = Base64Url.Encode(signature) });
        return signed;
    }
}

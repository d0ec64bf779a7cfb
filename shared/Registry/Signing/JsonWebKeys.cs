using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Marketplace.Registry.Signing;

/// <summary>Public JSON Web Keys (RFC 7517) for verifying JWS signatures: EC P-256/384/521 and RSA of 2048 bits or more.</summary>
public static class JsonWebKeys
{
    public static readonly string[] Algorithms = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

    /// <summary>Whether the signature verifies, or why the key cannot verify it (a phrase for a problem detail).</summary>
    public static bool Verify(JsonObject jwk, string alg, byte[] input, byte[] signature, out string? problem)
    {
        problem = null;
        var kty = Text(jwk, "kty");
        try
        {
            if (alg.StartsWith("ES", StringComparison.Ordinal))
            {
                if (kty != "EC") return Fail(out problem, $"{alg} needs an EC key, not {kty ?? "none"}.");
                var (curve, hash) = (Text(jwk, "crv"), alg) switch
                {
                    ("P-256", "ES256") => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
                    ("P-384", "ES384") => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
                    ("P-521", "ES512") => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
                    _ => (default(ECCurve), default(HashAlgorithmName)),
                };
                if (hash == default) return Fail(out problem, $"{alg} does not go with curve {Text(jwk, "crv") ?? "none"}.");
                using var ec = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") } });
                return ec.VerifyData(input, signature, hash); // JWS carries ECDSA signatures as r||s, .NET's default format
            }
            if (kty != "RSA") return Fail(out problem, $"{alg} needs an RSA key, not {kty ?? "none"}.");
            using var rsa = RSA.Create(new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") });
            if (rsa.KeySize < 2048) return Fail(out problem, "RSA keys must have at least 2048 bits.");
            var rsaHash = alg[2..] switch { "256" => HashAlgorithmName.SHA256, "384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
            return rsa.VerifyData(input, signature, rsaHash, alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return Fail(out problem, "The key is not a valid public key.");
        }
    }

    /// <summary>The RFC 7638 thumbprint: SHA-256 over the key's required members in canonical JSON.</summary>
    public static string Thumbprint(JsonObject jwk)
    {
        var required = Text(jwk, "kty") == "EC"
            ? new JsonObject { ["crv"] = Text(jwk, "crv"), ["kty"] = "EC", ["x"] = Text(jwk, "x"), ["y"] = Text(jwk, "y") }
            : new JsonObject { ["e"] = Text(jwk, "e"), ["kty"] = Text(jwk, "kty"), ["n"] = Text(jwk, "n") };
        return System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Jcs.Serialize(required)));
    }

    static string? Text(JsonObject jwk, string name) => jwk[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static byte[] Bytes(JsonObject jwk, string name) =>
        System.Buffers.Text.Base64Url.DecodeFromChars(Text(jwk, name) ?? throw new FormatException($"missing {name}"));

    static bool Fail(out string? problem, string why)
    {
        problem = why;
        return false;
    }
}

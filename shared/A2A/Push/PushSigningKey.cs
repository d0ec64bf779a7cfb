using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Push;

public sealed class PushOptions
{
    public const string Section = "A2A:Push";

    /// <summary>PEM of the P-256 key that signs notifications (a Key Vault reference in Azure).</summary>
    public string? SigningKeyPem { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public int MaxAttempts { get; set; } = 6;
}

/// <summary>
/// The ES256 key the marketplace signs push notifications and the agent cards it serves with, and its public JWKS. Configured in Azure; locally
/// created once and kept in blob storage so webhook receivers keep trusting the same key across restarts.
/// </summary>
public sealed class PushSigningKey(BlobServiceClient blobs, IOptions<PushOptions> options, IOptions<Storage.StorageOptions> storage)
{
    readonly SemaphoreSlim gate = new(1, 1);
    ECDsa? key;
    string? keyId;

    public async Task<(ECDsa Key, string KeyId)> GetAsync(CancellationToken ct)
    {
        if (key is not null) return (key, keyId!);
        await gate.WaitAsync(ct);
        try
        {
            if (key is null)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(options.Value.SigningKeyPem ?? await LoadOrCreateAsync(ct));
                keyId = Thumbprint(ecdsa);
                key = ecdsa;
            }
            return (key, keyId!);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<JsonObject> JwksAsync(CancellationToken ct)
    {
        var (ecdsa, kid) = await GetAsync(ct);
        var p = ecdsa.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid,
                ["x"] = Base64Url.Encode(p.Q.X!), ["y"] = Base64Url.Encode(p.Q.Y!),
            }),
        };
    }

    async Task<string> LoadOrCreateAsync(CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(storage.Value.Container("marketplace-keys"));
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var blob = container.GetBlobClient("push-signing-key.pem");
        try
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await blob.UploadAsync(BinaryData.FromString(fresh.ExportPkcs8PrivateKeyPem()), overwrite: false, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance created it first: everyone uses that one.
        }
        return (await blob.DownloadContentAsync(ct)).Value.Content.ToString();
    }

    /// <summary>RFC 7638 JWK thumbprint, used as the key id.</summary>
    static string Thumbprint(ECDsa ecdsa)
    {
        var p = ecdsa.ExportParameters(false);
        return Registry.Signing.JsonWebKeys.Thumbprint(new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.Encode(p.Q.X!), ["y"] = Base64Url.Encode(p.Q.Y!) });
    }
}

public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Json(JsonObject value) => Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}

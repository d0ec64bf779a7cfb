using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Marketplace.Webhooks;

/// <summary>
/// Signing secrets: generated here, shown once, and kept encrypted (AES-256-GCM) because every delivery needs the
/// secret itself to sign, so a hash would not do. The encryption key is configured in Azure (a Key Vault reference);
/// locally it is created once and kept in blob storage, like the push signing key. Each ciphertext is bound to its
/// tenant and webhook, so a stored secret copied to another row does not decrypt.
/// </summary>
public sealed class WebhookSecrets(BlobServiceClient blobs, IOptions<WebhookOptions> options, IOptions<Storage.StorageOptions> storage)
{
    public const string Prefix = "whsec_";
    const int NonceBytes = 12;
    const int TagBytes = 16;

    readonly SemaphoreSlim gate = new(1, 1);
    byte[]? key;

    /// <summary>A new secret in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task<string> ProtectAsync(string tenantId, string webhookId, string secret, CancellationToken ct)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(await KeyAsync(ct), TagBytes);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceBytes), plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Binding(tenantId, webhookId));
        return Convert.ToBase64String(sealedBytes);
    }

    public async Task<string> UnprotectAsync(string tenantId, string webhookId, string protectedSecret, CancellationToken ct)
    {
        var sealedBytes = Convert.FromBase64String(protectedSecret);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(await KeyAsync(ct), TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Binding(tenantId, webhookId));
        return Encoding.UTF8.GetString(plain);
    }

    static byte[] Binding(string tenantId, string webhookId) => Encoding.UTF8.GetBytes($"{tenantId}/{webhookId}");

    async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (key is not null) return key;
        await gate.WaitAsync(ct);
        try
        {
            key ??= options.Value.SecretKey is { Length: > 0 } configured ? Convert.FromBase64String(configured) : await LoadOrCreateAsync(ct);
            return key;
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<byte[]> LoadOrCreateAsync(CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(storage.Value.Container("marketplace-keys"));
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var blob = container.GetBlobClient("webhook-secret-key");
        try
        {
            await blob.UploadAsync(BinaryData.FromString(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), overwrite: false, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance created it first: everyone uses that one.
        }
        return Convert.FromBase64String((await blob.DownloadContentAsync(ct)).Value.Content.ToString());
    }
}

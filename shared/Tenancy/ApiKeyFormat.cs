using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Tenancy;

/// <summary>
/// Keys look like <c>mk.{tenantId}.{keyId}.{secret}</c>. The public prefix names the tenant partition and the row,
/// so a key is verified with one point read; the 256-bit secret is compared by hash in constant time.
/// </summary>
public static class ApiKeyFormat
{
    const string Scheme = "mk";

    public static string Prefix(string tenantId, string keyId) => $"{Scheme}.{tenantId}.{keyId}";

    public static (string KeyId, string Secret, string Key) New(string tenantId)
    {
        var keyId = Ids.Random(12);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix(tenantId, keyId)}.{secret}");
    }

    public static bool TryParse(string key, out string tenantId, out string keyId, out string secret)
    {
        tenantId = keyId = secret = "";
        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != Scheme || parts.Any(string.IsNullOrEmpty)) return false;
        (tenantId, keyId, secret) = (parts[1], parts[2], parts[3]);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

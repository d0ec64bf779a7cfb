using Marketplace.Tenancy;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class ApiKeyFormatTests
{
    static byte[] FromBase64Url(string s)
    {
        var b64 = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }

    [Fact]
    public void A_generated_key_parses_back_into_its_parts()
    {
        var (keyId, secret, key) = ApiKeyFormat.New("t-acme");

        Assert.True(ApiKeyFormat.TryParse(key, out var tenantId, out var parsedKeyId, out var parsedSecret));

        Assert.Equal(("t-acme", keyId, secret), (tenantId, parsedKeyId, parsedSecret));
        Assert.Equal($"{ApiKeyFormat.Prefix("t-acme", keyId)}.{secret}", key);
        Assert.StartsWith("mk.t-acme.", key);
    }

    [Fact]
    public void The_secret_is_32_random_bytes_in_base64url()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => ApiKeyFormat.New("t1").Secret).ToList();

        Assert.All(secrets, s =>
        {
            Assert.True(s.Length >= 22, $"'{s}' carries fewer than 128 bits");
            Assert.Matches("^[A-Za-z0-9_-]+$", s);
            Assert.Equal(32, FromBase64Url(s).Length);
        });
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }

    [Fact]
    public void Key_ids_are_random_lowercase_alphanumerics()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => ApiKeyFormat.New("t1").KeyId).ToList();

        Assert.All(ids, id => Assert.Matches("^[a-z0-9]{12}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_hash_verifies_only_its_own_secret()
    {
        var (_, secret, _) = ApiKeyFormat.New("t1");
        var (_, other, _) = ApiKeyFormat.New("t1");
        var hash = ApiKeyFormat.Hash(secret);

        Assert.True(ApiKeyFormat.Matches(secret, hash));
        Assert.False(ApiKeyFormat.Matches(other, hash));
        Assert.False(ApiKeyFormat.Matches(secret[..^1], hash));
        Assert.False(ApiKeyFormat.Matches(secret, hash[..^1]));
        Assert.False(ApiKeyFormat.Matches(secret, ""));
        Assert.Matches("^[0-9A-F]{64}$", hash);
        Assert.DoesNotContain(secret, hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mk")]
    [InlineData("mk.t1.k1")]
    [InlineData("mk.t1.k1.")]
    [InlineData("mk..k1.secret")]
    [InlineData("mk.t1..secret")]
    [InlineData(".t1.k1.secret")]
    [InlineData("xk.t1.k1.secret")]
    [InlineData("MK.t1.k1.secret")]
    [InlineData("mk.t1.k1.sec.ret")]
    [InlineData("Bearer mk.t1.k1.secret")]
    public void Malformed_keys_are_rejected(string key)
    {
        Assert.False(ApiKeyFormat.TryParse(key, out var tenantId, out var keyId, out var secret));
        Assert.Equal(("", "", ""), (tenantId, keyId, secret));
    }
}

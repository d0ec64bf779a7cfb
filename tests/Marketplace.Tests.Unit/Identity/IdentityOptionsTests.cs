using System.ComponentModel.DataAnnotations;
using Marketplace.Identity;
using Xunit;

namespace Marketplace.Tests.Identity;

public sealed class IdentityOptionsTests
{
    [Theory]
    [InlineData(null, null, true, false)]
    [InlineData("", "", true, false)] // what Bicep writes when sign-in is off
    [InlineData("http://127.0.0.1:7080", null, true, true)]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0", "", true, true)]
    [InlineData("login.example.com", null, false, true)]
    [InlineData("ftp://login.example.com", null, false, true)]
    [InlineData(null, "https://login.example.com/.well-known/openid-configuration", false, false)]
    [InlineData("https://login.example.com", "not a url", false, true)]
    public void Sign_in_is_off_without_an_issuer_and_a_bad_address_stops_the_start(string? issuer, string? metadata, bool valid, bool enabled)
    {
        var options = new IdentityOptions { Issuer = issuer, MetadataAddress = metadata };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true) && !options.Validate(new ValidationContext(options)).Any());
        Assert.Equal(enabled, options.Enabled);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/common/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0", false)]
    [InlineData("http://127.0.0.1:7080", false)]
    public void An_allowed_directory_list_needs_a_multi_tenant_entra_authority(string issuer, bool valid)
    {
        var options = new IdentityOptions { Issuer = issuer, AllowedTenants = ["11111111-2222-3333-4444-555555555555"] };
        Assert.Equal(valid, !options.Validate(new ValidationContext(options)).Any());
    }

    [Fact]
    public void Principal_ids_are_stable_per_issuer_and_subject_and_entra_ids_ignore_case()
    {
        Assert.Equal(PrincipalIds.For("https://issuer.example/", "alice"), PrincipalIds.For("https://issuer.example", "alice"));
        Assert.NotEqual(PrincipalIds.For("https://issuer.example", "alice"), PrincipalIds.For("https://other.example", "alice"));
        Assert.Equal(PrincipalIds.ForEntra("AAAA-1", "BBBB-2"), PrincipalIds.ForEntra("aaaa-1", "bbbb-2"));
        Assert.Matches("^u-[0-9a-f]{32}$", PrincipalIds.For("https://issuer.example", "alice"));
    }

    [Fact]
    public void Invitation_tokens_carry_256_random_bits_and_only_their_shape_is_accepted()
    {
        var token = InvitationTokens.New();
        Assert.True(InvitationTokens.IsWellFormed(token));
        Assert.NotEqual(token, InvitationTokens.New());
        Assert.Equal(32, Convert.FromBase64String(token[4..].Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.False(InvitationTokens.IsWellFormed(token[..^1]));
        Assert.False(InvitationTokens.IsWellFormed("inv_" + new string('/', 43)));
        Assert.DoesNotContain(token, InvitationTokens.Hash(token));
    }
}

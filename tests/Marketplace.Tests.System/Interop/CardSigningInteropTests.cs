using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Interop;

/// <summary>
/// Signed agent cards against the signer and verifier of the npm @a2a-js/sdk (tests/interop/card-signing.test.mjs):
/// what it signs verifies at publish, tampering is refused, signer changes are flagged, and the gateway's own
/// signatures verify with it.
/// </summary>
[Collection("platform")]
public sealed class CardSigningInteropTests(PlatformFixture platform)
{
    [Fact]
    public async Task Cards_signed_and_verified_by_the_a2a_js_sdk_round_trip_through_the_registry_and_gateway()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (_, callerKey) = await platform.NewTenantAsync("developer");
        var (exitCode, output) = await NodeTest.RunAsync("tests/interop/card-signing.test.mjs", new()
        {
            ["A2A_BASE"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["PUBLISHER_KEY"] = publisherKey,
            ["CALLER_KEY"] = callerKey,
        });
        Assert.True(exitCode == 0, output);
    }
}

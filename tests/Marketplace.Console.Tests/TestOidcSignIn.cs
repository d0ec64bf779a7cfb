using Marketplace.Console.Auth;

namespace Marketplace.Console.Tests;

/// <summary>
/// The issuer's side of a sign-in, as the console sees it: whether a user is signed in and the access token it
/// holds. The browser flow itself (redirects, PKCE, the provider's login form) runs in the console end-to-end test.
/// </summary>
public sealed class TestOidcSignIn : IOidcSignIn
{
    public bool SignedIn { get; set; } = true;
    public string? Token { get; set; } = "access-token-1";
    public int SignIns { get; private set; }
    public int SignOuts { get; private set; }

    public bool Enabled => true;

    public Task<bool> IsSignedInAsync() => Task.FromResult(SignedIn);

    public ValueTask<string?> AccessTokenAsync() => ValueTask.FromResult(SignedIn ? Token : null);

    public void SignIn() => SignIns++;

    public void SignOut()
    {
        SignedIn = false;
        SignOuts++;
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;

namespace Marketplace.Console.Auth;

/// <summary>Sign-in with the OpenID issuer the API names (authorization code with PKCE), when it names one.</summary>
public interface IOidcSignIn
{
    bool Enabled { get; }

    /// <summary>Whether someone is signed in at the issuer; after a reload the library first tries a silent sign-in.</summary>
    Task<bool> IsSignedInAsync();

    /// <summary>A current access token for the API, renewed silently when it expires; null when only a new sign-in can give one.</summary>
    ValueTask<string?> AccessTokenAsync();

    /// <summary>Sends the browser to the issuer's sign-in page; it comes back to this page.</summary>
    void SignIn();

    /// <summary>Ends the session at the issuer too, then comes back to the sign-in page.</summary>
    void SignOut();
}

/// <summary>The API names no issuer: API keys are the only way in.</summary>
public sealed class NoOidcSignIn : IOidcSignIn
{
    public bool Enabled => false;

    public Task<bool> IsSignedInAsync() => Task.FromResult(false);

    public ValueTask<string?> AccessTokenAsync() => ValueTask.FromResult<string?>(null);

    public void SignIn() => throw new InvalidOperationException("No OpenID issuer is configured.");

    public void SignOut() => throw new InvalidOperationException("No OpenID issuer is configured.");
}

/// <summary>
/// <c>Microsoft.AspNetCore.Components.WebAssembly.Authentication</c> (oidc-client in the browser): the user and
/// tokens are kept in memory only (wwwroot/js/oidc-settings.js), the access token is renewed with the refresh token
/// or a hidden frame at the issuer, and <c>/authentication/{action}</c> handles the redirects.
/// </summary>
public sealed class RemoteOidcSignIn(AuthenticationStateProvider state, IAccessTokenProvider tokens, NavigationManager navigation) : IOidcSignIn
{
    public bool Enabled => true;

    public async Task<bool> IsSignedInAsync() => (await state.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated == true;

    public async ValueTask<string?> AccessTokenAsync() => (await tokens.RequestAccessToken()).TryGetToken(out var token) ? token.Value : null;

    public void SignIn() => navigation.NavigateToLogin("authentication/login");

    public void SignOut() => navigation.NavigateToLogout("authentication/logout", navigation.BaseUri);
}

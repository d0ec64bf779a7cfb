using System.Net.Http.Headers;

namespace Marketplace.Console.Auth;

/// <summary>
/// Puts the signed-in user's access token on every request the typed client sends, beside the tenant the user
/// acts for (<see cref="SignedInCredential"/>); key sign-ins pass through untouched.
/// </summary>
public sealed class BearerTokenHandler(CredentialHolder holder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (holder.Current is SignedInCredential signedIn && await signedIn.SignIn.AccessTokenAsync() is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}

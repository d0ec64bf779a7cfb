using System.Net.Http.Headers;
using Marketplace.Cli.Config;

namespace Marketplace.Cli.SignIn;

/// <summary>
/// Sends the profile's access token (and its tenant as <c>X-Tenant</c>) on every request, renewing it with the
/// refresh token shortly before it expires and writing the renewed tokens back to the profile.
/// </summary>
public sealed class SignInHandler(ConfigStore config, string profileName, Profile profile, TimeProvider clock) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Renew this long before expiry, so a token does not run out between being sent and being checked.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    const string TenantHeader = "X-Tenant";

    readonly SemaphoreSlim renewing = new(1, 1);
    SignInSession session = profile.SignIn!;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(ct));
        if (profile.Tenant is { } tenant) request.Headers.TryAddWithoutValidation(TenantHeader, tenant);
        return await base.SendAsync(request, ct);
    }

    async Task<string> AccessTokenAsync(CancellationToken ct)
    {
        await renewing.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() < session.ExpiresAt - Margin) return session.AccessToken;
            if (session.RefreshToken is null) throw Expired();
            using var http = new HttpClient();
            TokenResponse renewed;
            try
            {
                renewed = await new OAuthClient(http).RefreshAsync(session, ct);
            }
            catch (OAuthException e) when (e.Error == "invalid_grant")
            {
                throw Expired();
            }
            session = Sessions.Renewed(session, renewed, clock);
            Save();
            return session.AccessToken;
        }
        finally
        {
            renewing.Release();
        }
    }

    /// <summary>The profile as stored now, with only its sign-in replaced (other profiles may have changed meanwhile).</summary>
    void Save()
    {
        var current = config.Load();
        if (!current.Profiles.TryGetValue(profileName, out var stored) || stored.SignIn?.Issuer != session.Issuer) return;
        current.Profiles[profileName] = stored with { SignIn = session };
        config.Save(current);
    }

    static CliException Expired() =>
        new(ExitCodes.Auth, "Your sign-in has expired and cannot be renewed: run 'mkt login' again.");

    protected override void Dispose(bool disposing)
    {
        if (disposing) renewing.Dispose();
        base.Dispose(disposing);
    }
}

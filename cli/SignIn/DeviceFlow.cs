namespace Marketplace.Cli.SignIn;

/// <summary>
/// The device authorization grant (RFC 8628): the user signs in on any browser with a short code while the CLI polls
/// the token endpoint, waiting <c>interval</c> seconds (5 unless told) between polls and 5 more after each
/// <c>slow_down</c>, until the user approves, denies, or the code expires.
/// </summary>
public static class DeviceFlow
{
    public static async Task<TokenResponse> SignInAsync(OAuthClient oauth, SignInTarget target, TextWriter prompt, TimeProvider clock, CancellationToken ct)
    {
        var device = await oauth.StartDeviceAsync(target, ct);
        await prompt.WriteLineAsync($"To sign in, open {device.VerificationUri} and enter the code {device.UserCode}");
        if (device.VerificationUriComplete is { } complete) await prompt.WriteLineAsync($"(or open {complete})");
        await prompt.WriteLineAsync("Waiting for you to approve the sign-in...");
        await prompt.FlushAsync(ct);

        var interval = TimeSpan.FromSeconds(Math.Max(1, device.Interval ?? 5));
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(device.ExpiresIn);
        while (true)
        {
            await Task.Delay(interval, clock, ct);
            try
            {
                return await oauth.RedeemDeviceCodeAsync(target, device.DeviceCode, ct);
            }
            catch (OAuthException e) when (e.Error == "authorization_pending" && clock.GetUtcNow() < deadline + interval)
            {
            }
            catch (OAuthException e) when (e.Error == "slow_down")
            {
                interval += TimeSpan.FromSeconds(5);
            }
            catch (OAuthException e) when (e.Error is "authorization_pending" or "expired_token")
            {
                throw new CliException(ExitCodes.Auth, $"The code {device.UserCode} expired before the sign-in was approved; run 'mkt login --device' again.");
            }
            catch (OAuthException e) when (e.Error == "access_denied")
            {
                throw new CliException(ExitCodes.Auth, "The sign-in was denied.");
            }
            catch (OAuthException e)
            {
                throw new CliException(ExitCodes.Auth, $"The issuer refused the sign-in ({e.Message}).");
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace Marketplace.Cli.SignIn;

/// <summary>
/// The authorization code grant with PKCE for a native app (RFC 8252): a listener on a free loopback port receives
/// the browser's redirect to <c>http://127.0.0.1:{port}/callback</c>; the state must come back unchanged and the code
/// is redeemed with the verifier only this process knows.
/// </summary>
public static class LoopbackFlow
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<TokenResponse> SignInAsync(OAuthClient oauth, SignInTarget target, TextWriter prompt, Func<Uri, bool>? openBrowser, CancellationToken ct)
    {
        var endpoint = target.AuthorizationEndpoint ?? throw new CliException(ExitCodes.Failure, $"The issuer {target.Issuer} has no authorization endpoint; try 'mkt login --device'.");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var redirect = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/callback";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = target.ClientId, ["redirect_uri"] = redirect, ["scope"] = target.Scope, ["state"] = state,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), ["code_challenge_method"] = "S256", ["resource"] = target.Resource,
        };
        var url = new Uri(endpoint + (endpoint.Contains('?') ? "&" : "?") + string.Join('&', query.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}")));
        var opened = openBrowser?.Invoke(url) == true;
        await prompt.WriteLineAsync(opened ? $"Opened your browser to sign in. If it did not open, go to:\n{url.AbsoluteUri}" : $"To sign in, open this address in a browser:\n{url.AbsoluteUri}");
        await prompt.FlushAsync(ct);

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(Patience);
        System.Collections.Specialized.NameValueCollection answer;
        try
        {
            answer = await ReceiveCallbackAsync(listener, patience.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Auth, $"No sign-in arrived within {Patience.TotalMinutes:0} minutes.");
        }
        if (answer["state"] != state) throw new CliException(ExitCodes.Auth, "The sign-in answer did not carry this login's state; it was not accepted.");
        if (answer["error"] is { } error)
            throw new CliException(ExitCodes.Auth, error == "access_denied" ? "The sign-in was denied." : $"The issuer refused the sign-in ({error}: {answer["error_description"]}).");
        if (answer["code"] is not { Length: > 0 } code) throw new CliException(ExitCodes.Auth, "The sign-in answer carried no authorization code.");
        try
        {
            return await oauth.RedeemCodeAsync(target, code, redirect, verifier, ct);
        }
        catch (OAuthException e)
        {
            throw new CliException(ExitCodes.Auth, $"The issuer refused the sign-in ({e.Message}).");
        }
    }

    /// <summary>Answers requests on the listener until one is the callback; others (a browser's favicon) get 404.</summary>
    static async Task<System.Collections.Specialized.NameValueCollection> ReceiveCallbackAsync(TcpListener listener, CancellationToken ct)
    {
        while (true)
        {
            using var connection = await listener.AcceptTcpClientAsync(ct);
            await using var stream = connection.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(ct);
            // Only the request line matters; the rest of the request is read no further.
            var target = requestLine?.Split(' ') is [_, var path, _] ? path : "";
            var isCallback = target.StartsWith("/callback", StringComparison.Ordinal) && (target.Length == 9 || target[9] == '?');
            var body = isCallback
                ? "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mkt</title></head><body><p>Sign-in received: you can close this tab and return to the terminal.</p></body></html>"
                : "";
            var head = $"HTTP/1.1 {(isCallback ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head + body), ct);
            if (isCallback) return HttpUtility.ParseQueryString(target.Length > 9 ? target[10..] : "");
        }
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

namespace Marketplace.Console.Auth;

/// <summary>Holds the signed-in credential; the one place every API request gets it from.</summary>
public sealed class CredentialHolder
{
    public ICredential? Current { get; set; }
}

/// <summary>Puts the current credential on every request the typed client sends.</summary>
public sealed class CredentialHandler(CredentialHolder holder) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        holder.Current?.Apply(request);
        return base.SendAsync(request, cancellationToken);
    }
}

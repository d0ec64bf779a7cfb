using Microsoft.JSInterop;

namespace Marketplace.Console.Auth;

/// <summary>Where the signed-in key is kept between page loads.</summary>
public interface ICredentialStore
{
    ValueTask<string?> LoadAsync();
    ValueTask SaveAsync(string key);
    ValueTask ClearAsync();
}

/// <summary>
/// The browser's session storage: the key lives only as long as the tab, is never put in a URL, and closing the
/// tab signs out.
/// </summary>
public sealed class SessionStorageCredentialStore(IJSRuntime js) : ICredentialStore
{
    const string Name = "marketplace.apiKey";

    public ValueTask<string?> LoadAsync() => js.InvokeAsync<string?>("sessionStorage.getItem", Name);

    public ValueTask SaveAsync(string key) => js.InvokeVoidAsync("sessionStorage.setItem", Name, key);

    public ValueTask ClearAsync() => js.InvokeVoidAsync("sessionStorage.removeItem", Name);
}

using Bunit;
using Marketplace.Console.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Marketplace.Console.Tests;

/// <summary>A bUnit context with the console's services over a <see cref="FakeApi"/>, and no debounce wait unless asked.</summary>
public abstract class ConsoleTestContext : BunitContext
{
    protected ConsoleTestContext(FakeApi api, TimeSpan? debounce = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
        Services.AddConsole(new ConsoleOptions(new Uri("http://marketplace.test/"), debounce ?? TimeSpan.Zero), api);
        Services.AddSingleton<ICredentialStore, MemoryCredentialStore>();
    }

    sealed class MemoryCredentialStore : ICredentialStore
    {
        string? key;

        public ValueTask<string?> LoadAsync() => ValueTask.FromResult(key);

        public ValueTask SaveAsync(string value)
        {
            key = value;
            return ValueTask.CompletedTask;
        }

        public ValueTask ClearAsync()
        {
            key = null;
            return ValueTask.CompletedTask;
        }
    }
}

using Marketplace.Client;
using Marketplace.Console;
using Marketplace.Console.Auth;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.FluentUI.AspNetCore.Components;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddFluentUIComponents();
builder.Services.AddConsole(ConsoleOptions.From(builder.Configuration, builder.HostEnvironment.BaseAddress), new HttpClientHandler());
builder.Services.AddScoped<ICredentialStore, SessionStorageCredentialStore>();

await builder.Build().RunAsync();

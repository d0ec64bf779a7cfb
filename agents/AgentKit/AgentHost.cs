using Marketplace.Serialization;
using Marketplace.A2A.Server;
using Marketplace.Http;
using Marketplace.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Agents;

/// <summary>
/// Hosts one agent: its card at <c>/.well-known/agent-card.json</c>, JSON-RPC at <c>/a2a</c> and HTTP+JSON below
/// <c>/a2a/rest</c>. Listens where <c>--urls</c>/<c>ASPNETCORE_URLS</c> say, else on <c>PORT</c> (8080) for
/// containers; advertises <c>A2A_ENDPOINT</c> as its public address when set.
/// </summary>
public static class AgentHost
{
    const long MaxRequestBytes = 1024 * 1024;

    public static WebApplication Build(string[] args, Func<string, AgentCard> card, params ISkill[] skills)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls($"http://0.0.0.0:{Environment.GetEnvironmentVariable("PORT") ?? "8080"}");
        builder.Services.AddSingleton<IReadOnlyList<ISkill>>(skills);
        builder.Services.AddSingleton<InMemoryAgent>();
        var app = builder.Build();

        var agent = app.Services.GetRequiredService<InMemoryAgent>();
        var logger = app.Services.GetRequiredService<ILogger<InMemoryAgent>>();
        Func<Task<IA2AHandler>> handler = () => Task.FromResult<IA2AHandler>(agent);
        string PublicBase(HttpContext http) =>
            (Environment.GetEnvironmentVariable("A2A_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');

        app.MapGet("/.well-known/agent-card.json", (HttpContext http) =>
            Results.Text(System.Text.Json.JsonSerializer.Serialize(card(PublicBase(http)), Json.Lenient), "application/json"));
        app.MapGet("/healthz", () => Results.Ok());
        app.MapPost("/a2a", (HttpContext http) => JsonRpcBinding.HandleAsync(http, handler, MaxRequestBytes, logger));
        app.MapMethods("/a2a/rest/{**path}", ["GET", "POST", "DELETE"], (HttpContext http, string path) =>
            RestBinding.HandleAsync(http, path, handler, MaxRequestBytes, logger));
        return app;
    }

    /// <summary>The two interfaces every sample agent offers, below its public address.</summary>
    public static IReadOnlyList<AgentInterface> Interfaces(string baseUrl) =>
    [
        new AgentInterface($"{baseUrl}/a2a", "JSONRPC", A2AVersion.Current),
        new AgentInterface($"{baseUrl}/a2a/rest", "HTTP+JSON", A2AVersion.Current),
    ];
}

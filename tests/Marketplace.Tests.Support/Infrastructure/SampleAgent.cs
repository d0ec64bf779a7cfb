using Marketplace.Agents;
using Marketplace.Agents.TextAnalyst;
using Marketplace.Agents.UnitConverter;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A sample agent (agents/{Name}) in this process, built by the same <see cref="AgentHost.Build"/> its Program runs,
/// on a free loopback port: the gateway reaches it over real HTTP, without a process start per fixture.
/// </summary>
public sealed class SampleAgent : IAsyncDisposable
{
    readonly WebApplication app;

    SampleAgent(WebApplication app, Uri baseAddress) => (this.app, BaseAddress) = (app, baseAddress);

    public Uri BaseAddress { get; }

    public string CardUrl => new Uri(BaseAddress, "/.well-known/agent-card.json").ToString();

    public static Task<SampleAgent> TextAnalystAsync() =>
        StartAsync(args => AgentHost.Build(args, TextAnalystCard.For, new TextStatsSkill(), new KeywordsSkill(), new SummarizeSkill()));

    public static Task<SampleAgent> UnitConverterAsync() =>
        StartAsync(args => AgentHost.Build(args, UnitConverterCard.For, new ConvertSkill()));

    static async Task<SampleAgent> StartAsync(Func<string[], WebApplication> build)
    {
        var port = NodeTools.GetFreeTcpPort();
        var app = build([$"--urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return new SampleAgent(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

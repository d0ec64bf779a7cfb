using System.Net.Http.Json;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The two sample agents in this process, listed by a publisher tenant on the shared platform, plus a caller tenant
/// with a developer key. Used by the gateway's functional, interop and crash tests.
/// </summary>
public sealed class SampleAgentsFixture : IAsyncLifetime
{
    public SampleAgent TextAnalyst { get; private set; } = null!;
    public SampleAgent UnitConverter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TextAnalyst = await SampleAgent.TextAnalystAsync();
        UnitConverter = await SampleAgent.UnitConverterAsync();
    }

    /// <summary>Lists both agents on a platform; returns their agent ids.</summary>
    public async Task<(string TextAnalyst, string UnitConverter)> PublishAsync(Uri platform, string publisherKey)
    {
        using var client = new HttpClient { BaseAddress = platform };
        client.DefaultRequestHeaders.Add("X-API-Key", publisherKey);
        async Task<string> Publish(SampleAgent agent)
        {
            var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { cardUrl = agent.CardUrl, visibility = "public" }));
            return listing["agentId"]!.GetValue<string>();
        }
        return (await Publish(TextAnalyst), await Publish(UnitConverter));
    }

    public async Task DisposeAsync()
    {
        await TextAnalyst.DisposeAsync();
        await UnitConverter.DisposeAsync();
    }
}

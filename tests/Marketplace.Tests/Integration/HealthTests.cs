using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

[Collection("platform")]
public sealed class HealthTests(PlatformFixture platform)
{
    [Fact]
    public async Task Health_reports_each_dependency_without_authentication()
    {
        using var client = platform.Client();
        var response = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        var dependencies = body["dependencies"]!.AsArray().ToDictionary(d => d!["name"]!.GetValue<string>());
        Assert.Equal(["documents", "durable", "storage"], dependencies.Keys.Order());
        Assert.All(dependencies.Values, d =>
        {
            Assert.Equal("healthy", d!["status"]!.GetValue<string>());
            Assert.True(d["latencyMs"]!.GetValue<double>() >= 0);
        });
    }

    [Fact]
    public async Task Health_is_503_when_storage_goes_down()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var (app, baseAddress) = await PlatformFixture.StartHostAsync(azurite.ConnectionString, "health");
        try
        {
            using var client = new HttpClient { BaseAddress = baseAddress };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
            await azurite.DisposeAsync();

            var response = await client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
            var storage = body["dependencies"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "storage")!;
            Assert.Equal("unhealthy", storage["status"]!.GetValue<string>());
            Assert.DoesNotContain("AccountKey", body.ToJsonString());
            // Public: the failure is a fixed phrase, never an exception's type, text or the address it tried.
            Assert.Contains(storage["detail"]!.GetValue<string>(), new[] { "the connection could not be made", "it did not answer in time" });
            Assert.DoesNotContain("Exception", body.ToJsonString());
            Assert.DoesNotContain("127.0.0.1", body.ToJsonString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }
}

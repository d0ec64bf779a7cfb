using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Hosting;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>Public documents name the configured (or listen) address, whatever Host a request claims.</summary>
[Collection("platform")]
public sealed class PublicUrlTests(PlatformFixture platform)
{
    static async Task<JsonObject> CardWithForgedHost(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        return await ProblemAssert.ReadObject(await client.SendAsync(request));
    }

    static IEnumerable<string> InterfaceUrls(JsonObject card) => card["supportedInterfaces"]!.AsArray().Select(i => i!["url"]!.GetValue<string>());

    [Fact]
    public async Task Cards_use_the_listen_address_and_ignore_a_forged_host()
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        using var owner = platform.Client(key);
        var agentId = (await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();
        var expected = platform.BaseAddress.GetLeftPart(UriPartial.Authority);

        var card = await CardWithForgedHost(owner, $"/a2a/agents/{agentId}/.well-known/agent-card.json");
        Assert.All(InterfaceUrls(card), url => Assert.StartsWith(expected + "/a2a/agents/" + agentId, url));
        Assert.DoesNotContain("evil.example", card.ToJsonString());

        var orchestrator = await CardWithForgedHost(owner, $"/a2a/workflows/{tenantId}/.well-known/agent-card.json");
        Assert.All(InterfaceUrls(orchestrator), url => Assert.StartsWith(expected + "/a2a/workflows/" + tenantId, url));
    }

    [Fact]
    public async Task A_configured_public_base_url_is_used_for_cards_and_mcp_challenges()
    {
        var (app, baseAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, "u" + Guid.NewGuid().ToString("N")[..8], null,
            "--Marketplace:PublicBaseUrl=https://market.example.com/", "--Identity:Issuer=https://login.example.com/", "--Identity:MetadataAddress=http://127.0.0.1:1/none");
        await using var _ = app;
        using var admin = new HttpClient { BaseAddress = baseAddress };
        admin.DefaultRequestHeaders.Add("X-API-Key", PlatformFixture.AdminKey);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync("/api/tenants", new { name = "Urls", plan = "pro", id = tenantId }));
        var key = (await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" })))["key"]!.GetValue<string>();
        using var owner = new HttpClient { BaseAddress = baseAddress };
        owner.DefaultRequestHeaders.Add("X-API-Key", key);
        var agentId = (await ProblemAssert.ReadObject(await owner.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();

        var card = await CardWithForgedHost(owner, $"/a2a/agents/{agentId}/.well-known/agent-card.json");
        Assert.All(InterfaceUrls(card), url => Assert.StartsWith("https://market.example.com/a2a/agents/", url));

        var metadata = await CardWithForgedHost(owner, "/.well-known/oauth-protected-resource/mcp");
        Assert.Equal("https://market.example.com/mcp", metadata["resource"]!.GetValue<string>());

        using var unauthenticated = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "ping" }) };
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        var challenge = (await anonymous.SendAsync(unauthenticated)).Headers.WwwAuthenticate.ToString();
        Assert.Contains("https://market.example.com/.well-known/oauth-protected-resource/mcp", challenge);
    }

    [Fact]
    public void Without_the_standalone_default_the_setting_is_required_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Marketplace:AdminKey"] = "0123456789abcdef0123",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddMarketplace(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MarketplaceOptions>>().Value);
        Assert.Contains("Marketplace:PublicBaseUrl is required", error.Message);
    }

    [Theory]
    [InlineData("https://market.example.com", true)]
    [InlineData("https://market.example.com/", true)]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("https://market.example.com/base", false)]
    [InlineData("https://market.example.com/?x=1", false)]
    [InlineData("https://user:pw@market.example.com", false)]
    [InlineData("ftp://market.example.com", false)]
    [InlineData("market.example.com", false)]
    public void The_public_base_url_must_be_an_origin(string value, bool valid)
    {
        var options = new MarketplaceOptions { AdminKey = "0123456789abcdef0123", PublicBaseUrl = value };
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true) && !options.Validate(new ValidationContext(options)).Any());
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("http://*:8080;https://*:8443", "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000")]
    [InlineData("http://[::]:5000", "http://[::1]:5000")]
    [InlineData("http://127.0.0.1:0", null)]
    [InlineData(null, null)]
    public void The_standalone_default_is_the_listen_address(string? urls, string? expected) => Assert.Equal(expected, PublicUrls.FromListenUrls(urls));
}

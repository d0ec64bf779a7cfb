using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Marketplace.Search;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Search;

public sealed class EmbeddingProviderTests
{
    static List<string> Errors(EmbeddingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void The_local_model_needs_no_settings_and_azure_openai_needs_an_https_endpoint_and_a_deployment()
    {
        Assert.Empty(Errors(new EmbeddingOptions()));
        var azure = new EmbeddingOptions { Provider = EmbeddingProviderKind.AzureOpenAI };
        Assert.Equal(2, Errors(azure).Count);
        azure.AzureOpenAI = new AzureOpenAIEmbeddingSettings { Endpoint = "http://res.openai.azure.com", Deployment = "emb" };
        Assert.Contains(Errors(azure), e => e.Contains("Endpoint", StringComparison.Ordinal));
        azure.AzureOpenAI.Endpoint = "https://res.openai.azure.com";
        Assert.Empty(Errors(azure));
        Assert.NotEmpty(Errors(new EmbeddingOptions { MinSimilarity = 2 }));
    }

    [Fact]
    public async Task Local_vectors_are_unit_length_and_closer_for_the_same_meaning()
    {
        var provider = new MiniLmEmbeddings();
        var v = await provider.EmbedAsync(["convert miles to kilometres", "how far is 26 miles in km", "bake a chocolate cake"], default);
        Assert.All(v, x => Assert.Equal(1f, Vectors.Dot(x, x), 3));
        Assert.True(Vectors.Dot(v[0], v[1]) > Vectors.Dot(v[0], v[2]) + 0.2);
        Assert.Empty(await provider.EmbedAsync([], default));
    }

    sealed class FixedToken : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext context, CancellationToken ct) => throw new NotSupportedException();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken ct)
        {
            Scopes.Add(context.Scopes);
            return ValueTask.FromResult(new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    sealed class Stub(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = await request.Content!.ReadAsStringAsync(ct);
            Seen.Add((request, body));
            return answer(request, body);
        }
    }

    static EmbeddingOptions Azure() => new()
    {
        Provider = EmbeddingProviderKind.AzureOpenAI,
        AzureOpenAI = new AzureOpenAIEmbeddingSettings { Endpoint = "https://res.openai.azure.com/", Deployment = "text-embedding-3-small", Dimensions = 3 },
    };

    [Fact]
    public async Task Azure_openai_is_called_with_an_entra_token_and_its_vectors_come_back_in_input_order_normalised()
    {
        var credential = new FixedToken();
        // The service may answer out of order: the index field says which input each vector belongs to.
        var stub = new Stub((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"data":[{"index":1,"embedding":[0,3,4]},{"index":0,"embedding":[2,0,0]}]}""", Encoding.UTF8, "application/json"),
        });
        var provider = new AzureOpenAIEmbeddings(new HttpClient(stub), credential, Options.Create(Azure()));

        var vectors = await provider.EmbedAsync(["a", "b"], default);

        Assert.Equal([1f, 0f, 0f], vectors[0]);
        Assert.Equal([0f, 0.6f, 0.8f], vectors[1]);
        var (request, body) = Assert.Single(stub.Seen);
        Assert.Equal("https://res.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21", request.RequestUri!.ToString());
        Assert.Equal("Bearer token-1", request.Headers.Authorization!.ToString());
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], Assert.Single(credential.Scopes));
        var sent = JsonNode.Parse(body)!;
        Assert.Equal(["a", "b"], sent["input"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(3, sent["dimensions"]!.GetValue<int>());
        Assert.Equal("azure-openai:text-embedding-3-small:3", provider.Model);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, """{"error":{}}""")]
    [InlineData(HttpStatusCode.OK, """{"data":[{"index":0,"embedding":[1,0,0]}]}""")]
    [InlineData(HttpStatusCode.OK, """{"data":[{"index":0,"embedding":[1,0,0]},{"index":5,"embedding":[1,0,0]}]}""")]
    public async Task Azure_openai_failures_and_short_answers_are_errors_not_wrong_vectors(HttpStatusCode status, string answer)
    {
        var stub = new Stub((_, _) => new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/json") });
        var provider = new AzureOpenAIEmbeddings(new HttpClient(stub), new FixedToken(), Options.Create(Azure()));
        await Assert.ThrowsAnyAsync<Exception>(() => provider.EmbedAsync(["a", "b"], default));
    }
}

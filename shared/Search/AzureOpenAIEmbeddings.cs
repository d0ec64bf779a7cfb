using Marketplace.Serialization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using Marketplace.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Search;

/// <summary>
/// An Azure OpenAI embeddings deployment over its REST API, authenticated with a Microsoft Entra token for the
/// Cognitive Services scope (the app's managed identity holds "Cognitive Services OpenAI User"): no key to keep.
/// </summary>
public sealed class AzureOpenAIEmbeddings(HttpClient http, TokenCredential credential, IOptions<EmbeddingOptions> options) : IEmbeddingProvider
{
    public const string ClientName = "azure-openai-embeddings";
    static readonly string[] Scopes = ["https://cognitiveservices.azure.com/.default"];

    // The service accepts at most 2048 inputs per request.
    const int MaxBatch = 256;

    AzureOpenAIEmbeddingSettings Settings => options.Value.AzureOpenAI;

    public string Model => $"azure-openai:{Settings.Deployment}" + (Settings.Dimensions is { } d ? $":{d}" : "");

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(MaxBatch)) vectors.AddRange(await EmbedBatchAsync(batch, ct));
        return [.. vectors];
    }

    async Task<float[][]> EmbedBatchAsync(string[] batch, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
        var url = $"{Settings.Endpoint!.TrimEnd('/')}/openai/deployments/{Uri.EscapeDataString(Settings.Deployment!)}/embeddings?api-version={Uri.EscapeDataString(Settings.ApiVersion)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new EmbeddingsRequest(batch, Settings.Dimensions), options: Json.Lenient),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Azure OpenAI embeddings answered {(int)response.StatusCode}.", null, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<EmbeddingsResponse>(Json.Lenient, ct);
        if (body?.Data is not { } data || data.Count != batch.Length)
            throw new InvalidDataException("Azure OpenAI embeddings answered without one vector per input.");
        var vectors = new float[batch.Length][];
        foreach (var item in data)
        {
            if (item.Index < 0 || item.Index >= batch.Length) throw new InvalidDataException("Azure OpenAI embeddings answered an index out of range.");
            Vectors.Normalize(item.Embedding);
            vectors[item.Index] = item.Embedding;
        }
        return vectors;
    }

    sealed record EmbeddingsRequest(IReadOnlyList<string> Input, int? Dimensions);

    sealed record EmbeddingsResponse(IReadOnlyList<EmbeddingItem> Data);

    sealed record EmbeddingItem(int Index, float[] Embedding);
}

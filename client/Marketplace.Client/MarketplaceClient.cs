using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Marketplace.Client;

/// <summary>
/// A typed client for the marketplace's public API: REST, the A2A gateway (JSON-RPC) and the run event stream.
/// Failures surface as <see cref="MarketplaceApiException"/> (with the API's problem), <see cref="A2AException"/>
/// or <see cref="MarketplaceUnreachableException"/> (naming the URL tried).
/// </summary>
public sealed partial class MarketplaceClient : IDisposable
{
    readonly HttpClient http;
    readonly bool ownsHttp;

    /// <summary>A client of the marketplace at <paramref name="baseUrl"/> authenticating with an API key.</summary>
    public MarketplaceClient(Uri baseUrl, string? apiKey, HttpMessageHandler? handler = null)
        : this(new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan }, ownsHttp: true)
    {
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    /// <summary>A client over an <see cref="HttpClient"/> the host configured (base address and credentials).</summary>
    public MarketplaceClient(HttpClient http) : this(http, ownsHttp: false)
    {
    }

    MarketplaceClient(HttpClient http, bool ownsHttp)
    {
        this.http = http;
        this.ownsHttp = ownsHttp;
    }

    public Uri BaseUrl => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient has no BaseAddress.");

    public void Dispose()
    {
        if (ownsHttp) http.Dispose();
    }

    static HttpRequestMessage Request(HttpMethod method, string path) => new(method, path);

    static HttpRequestMessage Request<TBody>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> info) =>
        new(method, path) { Content = JsonContent.Create(body, info) };

    static HttpMethod Method(ApiOperation operation) => HttpMethod.Parse(operation.Method);

    async Task<T> ReadAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> info, CancellationToken ct)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadBodyAsync(response, info, ct);
    }

    static async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> info, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync(info, ct) ?? throw new MarketplaceApiException((int)response.StatusCode, new ProblemDetails { Title = "Empty response" });

    async Task SendNoContentAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>Sends a request; any answer but a success becomes a <see cref="MarketplaceApiException"/>.</summary>
    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new MarketplaceUnreachableException(new Uri(BaseUrl, request.RequestUri!), e);
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ProblemOfAsync(response, ct);
    }

    static async Task<MarketplaceApiException> ProblemOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        ProblemDetails? problem = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Length > 0 && text.TrimStart().StartsWith('{')) problem = JsonSerializer.Deserialize(text, ClientJson.Default.ProblemDetails);
        }
        catch (JsonException)
        {
            // Not a problem document: the status line says what happened.
        }
        problem ??= new ProblemDetails { Status = status, Title = response.ReasonPhrase ?? $"HTTP {status}" };
        return new MarketplaceApiException(status, problem);
    }

    static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? path : $"{path}?{string.Join('&', present)}";
    }

    static string? ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString();

    static void IfMatch(HttpRequestMessage request, string? etag)
    {
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
    }
}

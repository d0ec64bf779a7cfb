using System.Text.Json;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.Extensions.Options;
using Marketplace.Errors;

namespace Marketplace.Registry;

/// <summary>
/// Fetches an agent's published card, and the key sets its signatures name, through the guarded outbound client,
/// with a time and size limit; a fetch is retried on transient failures (<see cref="UpstreamRetry"/>).
/// </summary>
public sealed class CardFetcher(IHttpClientFactory clients, SsrfGuard guard, IOptions<OutboundOptions> options)
{
    public const string ClientName = "outbound";

    /// <summary>The card document, or a 400/502 problem naming what went wrong.</summary>
    public async Task<JsonElement> FetchAsync(string? cardUrl, string path, CancellationToken ct)
    {
        if (!guard.TryValidateUrl(cardUrl, out _, out var error))
            throw new DomainException(DomainError.Invalid([new FieldError(path, error)]));
        var (document, failure) = await TryGetJsonAsync(cardUrl, "card", ct);
        return document ?? throw new DomainException(DomainError.Upstream(failure!));
    }

    /// <summary>A JSON document from a URL the guard allows, or why there is none, as a sentence naming <paramref name="what"/>.</summary>
    public async Task<(JsonElement? Document, string? Failure)> TryGetJsonAsync(string? url, string what, CancellationToken ct)
    {
        if (!guard.TryValidateUrl(url, out var uri, out var error)) return (null, $"The {what} URL is refused: {error}");
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limits.Timeout);
        try
        {
            // A read: the outbound client tries it again when the host is briefly unreachable or overloaded.
            using var request = new HttpRequestMessage(HttpMethod.Get, uri).RetrySafe();
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) return (null, $"The {what} URL answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > limits.MaxCardBytes) return (null, $"The {what} is larger than {limits.MaxCardBytes} bytes.");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await CappedRead.ReadAsync(body, limits.MaxCardBytes, timeout.Token);
            if (bytes is null) return (null, $"The {what} is larger than {limits.MaxCardBytes} bytes.");
            using var document = JsonDocument.Parse(bytes);
            return (document.RootElement.Clone(), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"The {what} URL did not answer within {limits.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"The {what} could not be fetched: {OutboundFailure.Describe(ex)}.");
        }
        catch (JsonException)
        {
            return (null, $"The {what} URL did not return JSON.");
        }
    }
}

using System.Text.Json;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

/// <summary>Fetches an agent's published card through the guarded outbound client, with a time and size limit.</summary>
public sealed class CardFetcher(IHttpClientFactory clients, SsrfGuard guard, IOptions<OutboundOptions> options)
{
    public const string ClientName = "outbound";

    /// <summary>The card document, or a 400/502 problem naming what went wrong.</summary>
    public async Task<JsonElement> FetchAsync(string? cardUrl, string path, CancellationToken ct)
    {
        if (!guard.TryValidateUrl(cardUrl, out var uri, out var error))
            throw new ApiProblemException(Problems.Validation([new FieldError(path, error)]), "card URL refused");

        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limits.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw Upstream($"The card URL answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > limits.MaxCardBytes) throw Upstream($"The card is larger than {limits.MaxCardBytes} bytes.");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await CappedRead.ReadAsync(body, limits.MaxCardBytes, timeout.Token)
                ?? throw Upstream($"The card is larger than {limits.MaxCardBytes} bytes.");
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Upstream($"The card URL did not answer within {limits.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            throw Upstream($"The card could not be fetched: {OutboundFailure.Describe(ex)}.");
        }
        catch (JsonException)
        {
            throw Upstream("The card URL did not return JSON.");
        }
    }

    static ApiProblemException Upstream(string detail) => new(Problems.BadGateway(detail), detail);
}

using System.Text;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.A2A.Server;

/// <summary>Writes JSON events as Server-Sent Events, flushing each so relays stay event-by-event.</summary>
public static class ServerSentEvents
{
    static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    static async Task WriteAsync(HttpResponse response, JsonNode data, CancellationToken ct, string? eventName = null)
    {
        var frame = (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data.ToJsonString()}\n\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Relays a stream of A2A events. The first event decides: an error before it propagates to the caller, which
    /// answers with a plain response; after it, errors become a final error event.
    /// </summary>
    public static async Task RelayAsync(HttpContext http, IAsyncEnumerable<StreamResponse> events,
        Func<StreamResponse, JsonNode> toData, Func<A2AError, JsonNode> toError, string? errorEventName, ILogger logger)
    {
        await using var e = events.GetAsyncEnumerator(http.RequestAborted);
        if (!await e.MoveNextAsync()) throw A2AError.InvalidAgentResponse("the stream ended without an event");
        Start(http.Response);
        try
        {
            do await WriteAsync(http.Response, toData(e.Current), http.RequestAborted);
            while (await e.MoveNextAsync());
        }
        catch (A2AError error)
        {
            await WriteAsync(http.Response, toError(error), http.RequestAborted, errorEventName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "A2A stream failed");
            await WriteAsync(http.Response, toError(A2AError.Internal()), http.RequestAborted, errorEventName);
        }
    }
}

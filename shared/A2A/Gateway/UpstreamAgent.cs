using System.Buffers;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Marketplace.Registry;
using Marketplace.Security;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// An A2A client for one listed agent, over the binding its own card offers: 1.0 JSON-RPC preferred, else 1.0
/// HTTP+JSON, else 0.3 JSON-RPC (translated both ways, <c>shared/A2A/V03</c>). Calls go through the SSRF-guarded
/// outbound client; 1.0 calls carry <c>A2A-Version: 1.0</c>, 0.3 calls no version (which means 0.3).
/// </summary>
public sealed class UpstreamAgent
{
    readonly HttpClient http;
    readonly AgentInterface endpoint;
    readonly TimeSpan timeout;
    int nextId;

    UpstreamAgent(HttpClient http, AgentInterface endpoint, TimeSpan timeout) => (this.http, this.endpoint, this.timeout) = (http, endpoint, timeout);

    public bool IsJsonRpc => endpoint.ProtocolBinding == "JSONRPC";

    /// <summary>The agent speaks 0.3 (JSON-RPC only: its HTTP+JSON binding is not translated).</summary>
    public bool IsV03 => V03.AgentCardV03Validator.IsV03(endpoint.ProtocolVersion);

    public static UpstreamAgent For(AgentCard card, HttpClient http, SsrfGuard guard, TimeSpan timeout)
    {
        var endpoint = card.SupportedInterfaces
            .Where(i => i.ProtocolVersion.StartsWith("1.", StringComparison.Ordinal))
            .OrderBy(i => i.ProtocolBinding switch { "JSONRPC" => 0, "HTTP+JSON" => 1, _ => 2 })
            .FirstOrDefault(i => i.ProtocolBinding is "JSONRPC" or "HTTP+JSON")
            ?? card.SupportedInterfaces.FirstOrDefault(i => i.ProtocolBinding == "JSONRPC" && V03.AgentCardV03Validator.IsV03(i.ProtocolVersion))
            ?? throw A2AError.AgentUnavailable("the agent's card offers no A2A 1.x JSON-RPC or HTTP+JSON interface, nor a 0.3 JSON-RPC one");
        // Callers of a listing need not learn which address range its publisher's endpoint is in.
        if (!guard.TryValidateUrl(endpoint.Url, out _, out _)) throw A2AError.AgentUnavailable("its endpoint is not on the public internet");
        return new UpstreamAgent(http, endpoint, timeout);
    }

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken ct) =>
        IsV03 ? SendResult(await CallV03Async(V03.MethodsV03.SendMessage, V03.ToV03.SendParams(request), ct))
        : IsJsonRpc
            ? await CallAsync<SendMessageResponse>("SendMessage", request, ct)
            : await RestAsync<SendMessageResponse>(HttpMethod.Post, "message:send", request, ct);

    // Reading and canceling a task are idempotent, so the outbound client retries them on transient failures; sending is not.
    public async Task<AgentTask> GetTaskAsync(string taskId, int? historyLength, CancellationToken ct) =>
        IsV03 ? TaskResult(await CallV03Async(V03.MethodsV03.GetTask, new V03.TaskQueryParamsV03(taskId) { HistoryLength = historyLength }, ct, idempotent: true))
        : IsJsonRpc
            ? await CallAsync<AgentTask>("GetTask", new GetTaskRequest(taskId) { HistoryLength = historyLength }, ct, idempotent: true)
            : await RestAsync<AgentTask>(HttpMethod.Get, $"tasks/{Uri.EscapeDataString(taskId)}" + (historyLength is { } h ? $"?historyLength={h}" : ""), null, ct, idempotent: true);

    public async Task<AgentTask> CancelTaskAsync(string taskId, CancellationToken ct) =>
        IsV03 ? TaskResult(await CallV03Async(V03.MethodsV03.CancelTask, new V03.TaskIdParamsV03(taskId), ct, idempotent: true))
        : IsJsonRpc
            ? await CallAsync<AgentTask>("CancelTask", new CancelTaskRequest(taskId), ct, idempotent: true)
            : await RestAsync<AgentTask>(HttpMethod.Post, $"tasks/{Uri.EscapeDataString(taskId)}:cancel", new JsonObject(), ct, idempotent: true);

    public IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(SendMessageRequest request, CancellationToken ct) =>
        IsV03 ? StreamV03Async(V03.MethodsV03.SendStreamingMessage, V03.ToV03.SendParams(request), ct)
        : IsJsonRpc ? StreamJsonRpcAsync("SendStreamingMessage", request, ct) : StreamRestAsync(HttpMethod.Post, "message:stream", request, ct);

    public IAsyncEnumerable<StreamResponse> SubscribeToTaskAsync(string taskId, CancellationToken ct) =>
        IsV03 ? StreamV03Async(V03.MethodsV03.Resubscribe, new V03.TaskIdParamsV03(taskId), ct)
        : IsJsonRpc
            ? StreamJsonRpcAsync("SubscribeToTask", new SubscribeToTaskRequest(taskId), ct)
            : StreamRestAsync(HttpMethod.Post, $"tasks/{Uri.EscapeDataString(taskId)}:subscribe", new JsonObject(), ct);

    async Task<T> CallAsync<T>(string method, object parameters, CancellationToken ct, bool idempotent = false)
    {
        using var timeoutCts = Deadline(ct);
        using var response = await SendAsync(HttpMethod.Post, endpoint.Url, Envelope(method, parameters), timeoutCts.Token, retrySafe: idempotent);
        var body = await ReadBytesAsync(response, timeoutCts.Token);
        // Most agents answer in lowerCamelCase: then the result is read straight from the bytes, no tree between.
        return JsonRpcBytes.Scan(body) is { HasError: false, Result: { } result } ? Parse<T>(body.AsMemory(result)) : Result<T>(ParseNode(body));
    }

    /// <summary>A 0.3 call: the result, still in its 0.3 shape.</summary>
    async Task<JsonNode?> CallV03Async(string method, object parameters, CancellationToken ct, bool idempotent = false)
    {
        using var timeoutCts = Deadline(ct);
        using var response = await SendAsync(HttpMethod.Post, endpoint.Url, Envelope(method, parameters), timeoutCts.Token, retrySafe: idempotent);
        var body = await ReadJsonAsync(response, timeoutCts.Token);
        if (body is not JsonObject envelope) throw A2AError.InvalidAgentResponse("not a JSON-RPC response");
        if (envelope["error"] is JsonObject error) throw Upstream(error["code"], error["message"], error["data"]);
        return envelope["result"];
    }

    async IAsyncEnumerable<StreamResponse> StreamV03Async(string method, object parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, endpoint.Url, Envelope(method, parameters), ct, stream: true);
        if (!IsEventStream(response)) throw ErrorFrom(await ReadJsonAsync(response, ct), response);
        await foreach (var data in EventsAsync(response, ct))
        {
            if (ParseNode(data) is not JsonObject envelope) throw A2AError.InvalidAgentResponse("not a JSON-RPC response");
            if (envelope["error"] is JsonObject error) throw Upstream(error["code"], error["message"], error["data"]);
            yield return FromV03(envelope["result"]);
        }
    }

    static SendMessageResponse SendResult(JsonNode? result) => FromV03(result) switch
    {
        { Task: { } task } => new SendMessageResponse { Task = task },
        { Message: { } message } => new SendMessageResponse { Message = message },
        _ => throw A2AError.InvalidAgentResponse("message/send returned neither a task nor a message"),
    };

    static AgentTask TaskResult(JsonNode? result) => FromV03(result).Task ?? throw A2AError.InvalidAgentResponse("the result is not a task");

    static StreamResponse FromV03(JsonNode? result)
    {
        try
        {
            return V03.FromV03.Event(result);
        }
        catch (V03.FormatV03Exception ex)
        {
            throw ex.AsInvalidAgentResponse();
        }
    }

    async Task<T> RestAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, bool idempotent = false)
    {
        using var timeoutCts = Deadline(ct);
        using var response = await SendAsync(method, Combine(path), body is null ? null : ProtoJson.ToNode(body), RestBinding.ContentType, timeoutCts.Token, retrySafe: idempotent);
        var json = await ReadJsonAsync(response, timeoutCts.Token);
        if (json is JsonObject { } obj && obj["error"] is JsonObject error) throw Upstream(error["code"], error["message"], error["details"]);
        if (!response.IsSuccessStatusCode) throw A2AError.AgentUnavailable($"it answered HTTP {(int)response.StatusCode}");
        return Parse<T>(json);
    }

    async IAsyncEnumerable<StreamResponse> StreamJsonRpcAsync(string method, object parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, endpoint.Url, Envelope(method, parameters), ct, stream: true);
        if (!IsEventStream(response)) throw ErrorFrom(await ReadJsonAsync(response, ct), response);
        await foreach (var data in EventsAsync(response, ct))
            yield return Result<StreamResponse>(ParseNode(data));
    }

    async IAsyncEnumerable<StreamResponse> StreamRestAsync(HttpMethod method, string path, object body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(method, Combine(path), ProtoJson.ToNode(body), RestBinding.ContentType, ct, stream: true);
        if (!IsEventStream(response)) throw ErrorFrom(await ReadJsonAsync(response, ct), response);
        await foreach (var data in EventsAsync(response, ct))
        {
            var node = ParseNode(data);
            if (node is JsonObject { } obj && obj["error"] is JsonObject error) throw Upstream(error["code"], error["message"], error["details"]);
            yield return Parse<StreamResponse>(node);
        }
    }

    /// <param name="retrySafe">Whether the outbound client may send it again on a transient failure (<see cref="UpstreamRetry"/>).</param>
    Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonNode? body, string contentType, CancellationToken ct, bool stream = false, bool retrySafe = false) =>
        SendAsync(method, url, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, contentType), ct, stream, retrySafe);

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken ct, bool stream = false, bool retrySafe = false)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (retrySafe) request.RetrySafe();
        if (!IsV03) request.Headers.TryAddWithoutValidation(A2AVersion.Header, A2AVersion.Current);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        try
        {
            return await http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw A2AError.AgentUnavailable(OutboundFailure.Describe(ex));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw A2AError.AgentUnavailable("the request timed out");
        }
    }

    /// <summary>A JSON-RPC request, written as UTF-8 at once rather than built as a tree and then as a string.</summary>
    HttpContent Envelope(string method, object parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", Interlocked.Increment(ref nextId));
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, parameters.GetType(), IsV03 ? V03.JsonV03.Options : ProtoJson.Options);
            writer.WriteEndObject();
        }
        return new ReadOnlyMemoryContent(buffer.WrittenMemory) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
    }

    CancellationTokenSource Deadline(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    string Combine(string path) => endpoint.Url.TrimEnd('/') + "/" + path;

    /// <summary>
    /// The data of each complete event, parsed as the SSE specification says: an event counts only once its blank line
    /// arrives, so one cut off by a dropped connection is never taken for the agent's last word.
    /// </summary>
    static async IAsyncEnumerable<string> EventsAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(ct)).EnumerateAsync(ct))
            yield return item.Data;
    }

    static bool IsEventStream(HttpResponseMessage response) =>
        response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "text/event-stream";

    static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct) => ParseNode(await ReadBytesAsync(response, ct));

    static async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            throw response.IsSuccessStatusCode ? A2AError.InvalidAgentResponse("empty body") : A2AError.AgentUnavailable($"it answered HTTP {(int)response.StatusCode}");
        return body;
    }

    /// <summary>An event's data, as the SSE parser hands it over.</summary>
    static JsonNode? ParseNode(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw NotJson();
        }
    }

    static JsonNode? ParseNode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8);
        }
        catch (JsonException)
        {
            throw NotJson();
        }
    }

    static A2AError NotJson() => A2AError.InvalidAgentResponse("the body is not JSON");

    static A2AError ErrorFrom(JsonNode? body, HttpResponseMessage response) => body switch
    {
        JsonObject { } o when o["error"] is JsonObject e => Upstream(e["code"], e["message"], e["data"] ?? e["details"]),
        _ => A2AError.AgentUnavailable($"it answered HTTP {(int)response.StatusCode} without a stream"),
    };

    static T Result<T>(JsonNode? body)
    {
        if (body is not JsonObject envelope) throw A2AError.InvalidAgentResponse("not a JSON-RPC response");
        if (envelope["error"] is JsonObject error) throw Upstream(error["code"], error["message"], error["data"]);
        return Parse<T>(ProtoJson.NormalizeNames(envelope["result"]));
    }

    static T Parse<T>(JsonNode? node) => Parse(() => ProtoJson.Deserialize<T>(node));

    static T Parse<T>(ReadOnlyMemory<byte> utf8) => Parse(() => ProtoJson.Deserialize<T>(utf8.Span));

    static T Parse<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (JsonException ex)
        {
            throw A2AError.InvalidAgentResponse(Serialization.JsonErrors.Describe(ex.Message));
        }
    }

    /// <summary>An A2A error from the agent keeps its code, so callers see what the agent said.</summary>
    static A2AError Upstream(JsonNode? code, JsonNode? message, JsonNode? details)
    {
        var text = message?.GetValueKind() == JsonValueKind.String ? message.GetValue<string>() : "error";
        var reason = (details as JsonArray)?.OfType<JsonObject>().Select(d => d["reason"]?.GetValue<string>()).FirstOrDefault(r => r is not null);
        var number = code?.GetValueKind() == JsonValueKind.Number ? code.GetValue<int>() : 0;
        return A2AError.FromUpstream(number, reason, $"Agent: {text}");
    }
}

using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Client.Models;

namespace Marketplace.Client;

public sealed partial class MarketplaceClient
{
    /// <summary>
    /// A run's progress as it happens (server-sent events): each step and the run whenever they change, until the
    /// run ends. The first events describe the run as it is, so watching can start (or resume) at any time.
    /// </summary>
    public async IAsyncEnumerable<RunEvent> WatchRunAsync(string runId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var request = Request(HttpMethod.Get, ApiOperations.RunEvents.Format(runId));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
        {
            switch (item.EventType)
            {
                case "step":
                    yield return new RunEvent("step", null, JsonSerializer.Deserialize(item.Data, J.RunStep));
                    break;
                case "run":
                    yield return new RunEvent("run", JsonSerializer.Deserialize(item.Data, J.WorkflowRun), null);
                    break;
            }
        }
    }

    // A2A v1.0 over JSON-RPC, through the marketplace's gateway for one listed agent.

    static string AgentEndpoint(string agentId) => $"/a2a/agents/{Uri.EscapeDataString(agentId)}";

    /// <summary>Sends a message; the answer is the task it started (or continued) or a direct reply.</summary>
    public Task<SendMessageResponse> SendMessageAsync(string agentId, Message message, CancellationToken ct = default) =>
        RpcAsync(agentId, new JsonRpcRequest<SendMessageRequest>("SendMessage", new SendMessageRequest(message)), J.JsonRpcRequestSendMessageRequest, J.JsonRpcResponseSendMessageResponse, ct);

    public Task<AgentTask> GetTaskAsync(string agentId, string taskId, int? historyLength = null, CancellationToken ct = default) =>
        RpcAsync(agentId, new JsonRpcRequest<GetTaskRequest>("GetTask", new GetTaskRequest(taskId) { HistoryLength = historyLength }), J.JsonRpcRequestGetTaskRequest, J.JsonRpcResponseAgentTask, ct);

    public Task<AgentTask> CancelTaskAsync(string agentId, string taskId, CancellationToken ct = default) =>
        RpcAsync(agentId, new JsonRpcRequest<CancelTaskRequest>("CancelTask", new CancelTaskRequest(taskId)), J.JsonRpcRequestCancelTaskRequest, J.JsonRpcResponseAgentTask, ct);

    public Task<ListTasksResponse> ListTasksAsync(string agentId, ListTasksRequest query, CancellationToken ct = default) =>
        RpcAsync(agentId, new JsonRpcRequest<ListTasksRequest>("ListTasks", query), J.JsonRpcRequestListTasksRequest, J.JsonRpcResponseListTasksResponse, ct);

    /// <summary>Sends a message and yields the task's events (status updates, artifacts) as the agent produces them.</summary>
    public async IAsyncEnumerable<StreamResponse> SendStreamingMessageAsync(string agentId, Message message, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var request = RpcRequest(agentId, new JsonRpcRequest<SendMessageRequest>("SendStreamingMessage", new SendMessageRequest(message)), J.JsonRpcRequestSendMessageRequest);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRpcAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            // Errors before the stream starts come back as one JSON-RPC response.
            var single = await ReadRpcAsync(response, J.JsonRpcResponseStreamResponse, ct);
            yield return single;
            yield break;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
        {
            if (string.IsNullOrWhiteSpace(item.Data)) continue;
            var envelope = JsonSerializer.Deserialize(item.Data, J.JsonRpcResponseStreamResponse);
            if (envelope?.Error is { } error) throw new A2AException(error.Code, error.Message, (int)response.StatusCode);
            if (envelope?.Result is { } result) yield return result;
        }
    }

    static HttpRequestMessage RpcRequest<TParams>(string agentId, JsonRpcRequest<TParams> rpc, JsonTypeInfo<JsonRpcRequest<TParams>> info)
    {
        var request = Request(HttpMethod.Post, AgentEndpoint(agentId), rpc, info);
        request.Headers.Add("A2A-Version", "1.0");
        return request;
    }

    async Task<TResult> RpcAsync<TParams, TResult>(
        string agentId, JsonRpcRequest<TParams> rpc, JsonTypeInfo<JsonRpcRequest<TParams>> requestInfo, JsonTypeInfo<JsonRpcResponse<TResult>> responseInfo, CancellationToken ct)
    {
        using var response = await SendRpcAsync(RpcRequest(agentId, rpc, requestInfo), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadRpcAsync(response, responseInfo, ct);
    }

    /// <summary>JSON-RPC answers errors in its own envelope whatever the HTTP status, so only transport failures throw here.</summary>
    async Task<HttpResponseMessage> SendRpcAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new MarketplaceUnreachableException(new Uri(BaseUrl, request.RequestUri!), e);
        }
        finally
        {
            request.Dispose();
        }
    }

    static async Task<T> ReadRpcAsync<T>(HttpResponseMessage response, JsonTypeInfo<JsonRpcResponse<T>> info, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        JsonRpcResponse<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(ct), info);
        }
        catch (JsonException)
        {
            throw new A2AException(-32603, $"HTTP {status}: the gateway did not answer JSON-RPC", status);
        }
        if (envelope?.Error is { } error) throw new A2AException(error.Code, error.Message, status);
        return envelope is { Result: { } result } ? result : throw new A2AException(-32603, $"HTTP {status}: empty JSON-RPC response", status);
    }
}

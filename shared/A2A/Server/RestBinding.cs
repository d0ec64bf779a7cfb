using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Marketplace.Errors;

namespace Marketplace.A2A.Server;

/// <summary>
/// The A2A HTTP+JSON binding (specification §11) below a base path: <c>message:send</c>, <c>tasks/{id}</c>, … .
/// Errors are google.rpc.Status objects with an ErrorInfo detail; streams are SSE of bare StreamResponse objects.
/// </summary>
public static class RestBinding
{
    public const string ContentType = "application/a2a+json";

    public static async Task HandleAsync(HttpContext http, string path, Func<Task<IA2AHandler>> handlerFactory, long maxBodyBytes, ILogger logger)
    {
        try
        {
            A2AVersion.Require(http.Request);
            var handler = await handlerFactory();
            var ct = http.RequestAborted;
            var method = http.Request.Method;
            var segments = path.Trim('/').Split('/');
            switch (segments)
            {
                case ["message:send"] when method == "POST":
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.SendMessageAsync(await BodyAsync<SendMessageRequest>(http, maxBodyBytes), ct)));
                    return;
                case ["message:stream"] when method == "POST":
                    await StreamAsync(http, handler.SendStreamingMessageAsync(await BodyAsync<SendMessageRequest>(http, maxBodyBytes), ct), logger);
                    return;
                case ["tasks"] when method == "GET":
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.ListTasksAsync(ListQuery(http.Request.Query), ct)));
                    return;
                case ["tasks", var task] when TaskAction(task, "cancel") is { } id && method == "POST":
                    var cancel = http.Request.ContentLength > 0 ? await BodyAsync<JsonObject>(http, maxBodyBytes) : null;
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.CancelTaskAsync(new CancelTaskRequest(id) { Metadata = Metadata(cancel) }, ct)));
                    return;
                case ["tasks", var task] when TaskAction(task, "subscribe") is { } id && method is "GET" or "POST":
                    await StreamAsync(http, handler.SubscribeToTaskAsync(new SubscribeToTaskRequest(id), ct), logger);
                    return;
                case ["tasks", var id] when !id.Contains(':') && method == "GET":
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.GetTaskAsync(new GetTaskRequest(id) { HistoryLength = Int(http.Request.Query, "historyLength") }, ct)));
                    return;
                case ["tasks", var taskId, "pushNotificationConfigs"] when method == "POST":
                    var config = await BodyAsync<TaskPushNotificationConfig>(http, maxBodyBytes);
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.CreatePushConfigAsync(config with { TaskId = taskId }, ct)));
                    return;
                case ["tasks", var taskId, "pushNotificationConfigs"] when method == "GET":
                    var list = new ListTaskPushNotificationConfigsRequest(taskId) { PageSize = Int(http.Request.Query, "pageSize"), PageToken = http.Request.Query["pageToken"].FirstOrDefault() };
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.ListPushConfigsAsync(list, ct)));
                    return;
                case ["tasks", var taskId, "pushNotificationConfigs", var configId] when method == "GET":
                    await WriteAsync(http, 200, ProtoJson.ToNode(await handler.GetPushConfigAsync(new GetTaskPushNotificationConfigRequest(taskId, configId), ct)));
                    return;
                case ["tasks", var taskId, "pushNotificationConfigs", var configId] when method == "DELETE":
                    await handler.DeletePushConfigAsync(new DeleteTaskPushNotificationConfigRequest(taskId, configId), ct);
                    await WriteAsync(http, 200, new JsonObject());
                    return;
                case ["extendedAgentCard"] when method == "GET":
                    await WriteAsync(http, 200, JsonSerializer.SerializeToNode(await handler.GetExtendedAgentCardAsync(new GetExtendedAgentCardRequest(), ct), Serialization.Json.Lenient)!);
                    return;
                default:
                    throw A2AError.MethodNotFound($"{method} /{path.Trim('/')}");
            }
        }
        catch (A2AError error)
        {
            await WriteAsync(http, error.HttpStatus, Error(error));
        }
        catch (DomainException ex)
        {
            var error = A2AError.From(ex.Error);
            await WriteAsync(http, error.HttpStatus, Error(error));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A2A HTTP+JSON request failed");
            await WriteAsync(http, 500, Error(A2AError.Internal()));
        }
    }

    static string? TaskAction(string segment, string action) =>
        segment.EndsWith(":" + action, StringComparison.Ordinal) && segment.Length > action.Length + 1 ? segment[..^(action.Length + 1)] : null;

    static ListTasksRequest ListQuery(IQueryCollection query)
    {
        TaskState? status = null;
        if (query["status"].FirstOrDefault() is { Length: > 0 } raw)
        {
            try { status = JsonSerializer.Deserialize<TaskState>($"\"{raw}\"", ProtoJson.Options); }
            catch (JsonException) { throw A2AError.InvalidParams("status", $"'{raw}' is not a TaskState"); }
        }
        DateTimeOffset? after = null;
        if (query["statusTimestampAfter"].FirstOrDefault() is { Length: > 0 } ts)
            after = DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw A2AError.InvalidParams("statusTimestampAfter", "must be an ISO 8601 timestamp");
        bool? includeArtifacts = null;
        if (query["includeArtifacts"].FirstOrDefault() is { Length: > 0 } ia)
            includeArtifacts = bool.TryParse(ia, out var b) ? b : throw A2AError.InvalidParams("includeArtifacts", "must be true or false");
        return new ListTasksRequest
        {
            ContextId = query["contextId"].FirstOrDefault(),
            Status = status,
            PageSize = Int(query, "pageSize"),
            PageToken = query["pageToken"].FirstOrDefault(),
            HistoryLength = Int(query, "historyLength"),
            StatusTimestampAfter = after,
            IncludeArtifacts = includeArtifacts,
        };
    }

    static int? Int(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { Length: > 0 } raw
            ? int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw A2AError.InvalidParams(name, "must be an integer")
            : null;

    static JsonElement? Metadata(JsonObject? body) => body?["metadata"] is { } m ? JsonSerializer.SerializeToElement(m) : null;

    static async Task<T> BodyAsync<T>(HttpContext http, long maxBodyBytes) =>
        (await LimitedStream.ReadJsonAsync(http, maxBodyBytes)).Node is JsonObject body
            ? ProtoJson.ReadParams<T>(body, "body")
            : throw A2AError.InvalidParams("body", "must be a JSON object");

    static Task StreamAsync(HttpContext http, IAsyncEnumerable<StreamResponse> events, ILogger logger) =>
        // The HTTP+JSON binding marks errors inside a stream with the SSE event name "error".
        ServerSentEvents.RelayAsync(http, events, e => ProtoJson.ToNode(e), Error, "error", logger);

    static JsonObject Error(A2AError error) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = error.HttpStatus,
            ["status"] = error.RpcStatus,
            ["message"] = error.Message,
            ["details"] = error.Details(),
        },
    };

    static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        // A refused token's challenge (error="invalid_token") is set by whoever refused it.
        if (status == 401 && !http.Response.Headers.ContainsKey("WWW-Authenticate")) http.Response.Headers.WWWAuthenticate = "Bearer, ApiKey header=\"X-API-Key\"";
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}

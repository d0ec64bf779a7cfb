using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Marketplace.Errors;

namespace Marketplace.A2A.Server;

/// <summary>
/// The A2A JSON-RPC 2.0 binding (specification §9): one POST endpoint, PascalCase methods, results as ProtoJSON,
/// streaming methods answered with SSE. Errors before a stream starts are ordinary JSON-RPC error responses.
/// </summary>
public static class JsonRpcBinding
{
    public static async Task HandleAsync(HttpContext http, Func<Task<IA2AHandler>> handlerFactory, long maxBodyBytes, ILogger logger)
    {
        JsonNode? id = null;
        try
        {
            var body = await LimitedStream.ReadJsonAsync(http, maxBodyBytes);
            var envelope = body.Node as JsonObject ?? throw A2AError.InvalidRequest("the body must be a JSON-RPC request object");
            id = envelope["id"];
            if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                id = null;
                throw A2AError.InvalidRequest("id must be a string, a number or null");
            }
            var (method, parameters) = Validate(envelope);
            var layout = JsonRpcBytes.Scan(body.Utf8.Span);
            T Params<T>(bool optional = false) =>
                parameters is JsonObject && layout is { Params: { } range } ? ProtoJson.ReadParams<T>(body.Utf8[range], "params")
                : ProtoJson.ReadParams<T>(parameters?.DeepClone() ?? (optional ? new JsonObject() : null), "params");
            // A request without a version is a 0.3 request: a 0.3 method is served in 0.3, a 1.0 one refused.
            if (A2AVersion.IsV03(http.Request) && V03.MethodsV03.IsV03(method))
            {
                await V03.JsonRpcV03.HandleAsync(http, id, method, parameters?.DeepClone(), await handlerFactory(), logger);
                return;
            }
            A2AVersion.Require(http.Request);
            var handler = await handlerFactory();
            var ct = http.RequestAborted;
            switch (method)
            {
                case "SendStreamingMessage":
                    await StreamAsync(http, id, handler.SendStreamingMessageAsync(Params<SendMessageRequest>(), ct), logger);
                    return;
                case "SubscribeToTask":
                    await StreamAsync(http, id, handler.SubscribeToTaskAsync(Params<SubscribeToTaskRequest>(), ct), logger);
                    return;
                case "SendMessage": await ReplyAsync(http, id, await handler.SendMessageAsync(Params<SendMessageRequest>(), ct)); return;
                case "GetTask": await ReplyAsync(http, id, await handler.GetTaskAsync(Params<GetTaskRequest>(), ct)); return;
                case "ListTasks": await ReplyAsync(http, id, await handler.ListTasksAsync(Params<ListTasksRequest>(optional: true), ct)); return;
                case "CancelTask": await ReplyAsync(http, id, await handler.CancelTaskAsync(Params<CancelTaskRequest>(), ct)); return;
                case "CreateTaskPushNotificationConfig": await ReplyAsync(http, id, await handler.CreatePushConfigAsync(Params<TaskPushNotificationConfig>(), ct)); return;
                case "GetTaskPushNotificationConfig": await ReplyAsync(http, id, await handler.GetPushConfigAsync(Params<GetTaskPushNotificationConfigRequest>(), ct)); return;
                case "ListTaskPushNotificationConfigs": await ReplyAsync(http, id, await handler.ListPushConfigsAsync(Params<ListTaskPushNotificationConfigsRequest>(), ct)); return;
                case "DeleteTaskPushNotificationConfig":
                    await handler.DeletePushConfigAsync(Params<DeleteTaskPushNotificationConfigRequest>(), ct);
                    await ReplyAsync(http, id, new JsonObject());
                    return;
                case "GetExtendedAgentCard": await ReplyAsync(http, id, await handler.GetExtendedAgentCardAsync(Params<GetExtendedAgentCardRequest>(optional: true), ct)); return;
                default: throw A2AError.MethodNotFound(method);
            }
        }
        catch (A2AError error)
        {
            await WriteAsync(http, StatusFor(error), Error(id, error));
        }
        catch (DomainException ex)
        {
            var error = A2AError.From(ex.Error);
            await WriteAsync(http, StatusFor(error), Error(id, error));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A2A JSON-RPC request failed");
            await WriteAsync(http, 500, Error(id, A2AError.Internal()));
        }
    }

    /// <summary>JSON-RPC errors travel with 200, as JSON-RPC over HTTP expects, except where HTTP itself must say no.</summary>
    static int StatusFor(A2AError error) => error.HttpStatus is 401 or 402 or 403 or 413 or 429 || error.Reason == A2AError.AgentNotFoundReason ? error.HttpStatus : 200;

    static Task StreamAsync(HttpContext http, JsonNode? id, IAsyncEnumerable<StreamResponse> events, ILogger logger) =>
        ServerSentEvents.RelayAsync(http, events,
            e => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = ProtoJson.ToNode(e) }, error => Error(id, error), null, logger);

    static (string Method, JsonNode? Params) Validate(JsonObject envelope)
    {
        if (envelope["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
            throw A2AError.InvalidRequest("jsonrpc must be \"2.0\"");
        if (envelope["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String)
            throw A2AError.InvalidRequest("method must be a string");
        var parameters = envelope["params"];
        if (parameters is not null and not JsonObject) throw A2AError.InvalidParams("params", "must be an object");
        return (method.GetValue<string>(), parameters);
    }

    internal static JsonObject Error(JsonNode? id, A2AError error) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = error.JsonRpcCode, ["message"] = error.Message, ["data"] = error.Details() },
    };

    /// <summary>
    /// A result, written as ProtoJSON straight into the response: the same bytes as a tree of it would give, without
    /// building the tree and its string first.
    /// </summary>
    static async Task ReplyAsync<T>(HttpContext http, JsonNode? id, T result)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id is null) writer.WriteNullValue();
            else id.WriteTo(writer);
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, ProtoJson.Options);
            writer.WriteEndObject();
        }
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    internal static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = status;
        // A refused token's challenge (error="invalid_token") is set by whoever refused it.
        if (status == 401 && !http.Response.Headers.ContainsKey("WWW-Authenticate")) http.Response.Headers.WWWAuthenticate = "Bearer, ApiKey header=\"X-API-Key\"";
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}

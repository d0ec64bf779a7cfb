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
            var envelope = await ReadEnvelopeAsync(http, maxBodyBytes);
            id = envelope["id"];
            if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                id = null;
                throw A2AError.InvalidRequest("id must be a string, a number or null");
            }
            var (method, parameters) = Validate(envelope);
            // A request without a version is a 0.3 request: a 0.3 method is served in 0.3, a 1.0 one refused.
            if (A2AVersion.IsV03(http.Request) && V03.MethodsV03.IsV03(method))
            {
                await V03.JsonRpcV03.HandleAsync(http, id, method, parameters, await handlerFactory(), logger);
                return;
            }
            A2AVersion.Require(http.Request);
            var handler = await handlerFactory();
            var ct = http.RequestAborted;
            switch (method)
            {
                case "SendStreamingMessage":
                    await StreamAsync(http, id, handler.SendStreamingMessageAsync(Params<SendMessageRequest>(parameters), ct), logger);
                    return;
                case "SubscribeToTask":
                    await StreamAsync(http, id, handler.SubscribeToTaskAsync(Params<SubscribeToTaskRequest>(parameters), ct), logger);
                    return;
            }
            JsonNode? result = method switch
            {
                "SendMessage" => ProtoJson.ToNode(await handler.SendMessageAsync(Params<SendMessageRequest>(parameters), ct)),
                "GetTask" => ProtoJson.ToNode(await handler.GetTaskAsync(Params<GetTaskRequest>(parameters), ct)),
                "ListTasks" => ProtoJson.ToNode(await handler.ListTasksAsync(Params<ListTasksRequest>(parameters ?? new JsonObject()), ct)),
                "CancelTask" => ProtoJson.ToNode(await handler.CancelTaskAsync(Params<CancelTaskRequest>(parameters), ct)),
                "CreateTaskPushNotificationConfig" => ProtoJson.ToNode(await handler.CreatePushConfigAsync(Params<TaskPushNotificationConfig>(parameters), ct)),
                "GetTaskPushNotificationConfig" => ProtoJson.ToNode(await handler.GetPushConfigAsync(Params<GetTaskPushNotificationConfigRequest>(parameters), ct)),
                "ListTaskPushNotificationConfigs" => ProtoJson.ToNode(await handler.ListPushConfigsAsync(Params<ListTaskPushNotificationConfigsRequest>(parameters), ct)),
                "DeleteTaskPushNotificationConfig" => await DeleteAsync(handler, Params<DeleteTaskPushNotificationConfigRequest>(parameters), ct),
                "GetExtendedAgentCard" => ProtoJson.ToNode(await handler.GetExtendedAgentCardAsync(Params<GetExtendedAgentCardRequest>(parameters ?? new JsonObject()), ct)),
                _ => throw A2AError.MethodNotFound(method),
            };
            await WriteAsync(http, 200, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });
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

    static async Task<JsonNode?> DeleteAsync(IA2AHandler handler, DeleteTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        await handler.DeletePushConfigAsync(request, ct);
        return new JsonObject();
    }

    static Task StreamAsync(HttpContext http, JsonNode? id, IAsyncEnumerable<StreamResponse> events, ILogger logger) =>
        ServerSentEvents.RelayAsync(http, events,
            e => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = ProtoJson.ToNode(e) }, error => Error(id, error), null, logger);

    static async Task<JsonObject> ReadEnvelopeAsync(HttpContext http, long maxBodyBytes) =>
        await LimitedStream.ReadJsonAsync(http, maxBodyBytes) as JsonObject ?? throw A2AError.InvalidRequest("the body must be a JSON-RPC request object");

    static (string Method, JsonNode? Params) Validate(JsonObject envelope)
    {
        if (envelope["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
            throw A2AError.InvalidRequest("jsonrpc must be \"2.0\"");
        if (envelope["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String)
            throw A2AError.InvalidRequest("method must be a string");
        var parameters = envelope["params"];
        if (parameters is not null and not JsonObject) throw A2AError.InvalidParams("params", "must be an object");
        return (method.GetValue<string>(), parameters?.DeepClone());
    }

    static T Params<T>(JsonNode? parameters) => ProtoJson.ReadParams<T>(parameters, "params");

    internal static JsonObject Error(JsonNode? id, A2AError error) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = error.JsonRpcCode, ["message"] = error.Message, ["data"] = error.Details() },
    };

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

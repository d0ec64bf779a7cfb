using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Marketplace.A2A.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.A2A.V03;

/// <summary>
/// Serves a 0.3 JSON-RPC request (no <c>A2A-Version</c>, a 0.3 method) with the same handler as 1.0: its params
/// read in the 0.3 shape and translated, the 1.0 result translated back, streams as 0.3 events. Errors keep their
/// codes, which 0.3 and 1.0 share.
/// </summary>
public static class JsonRpcV03
{
    public static async Task HandleAsync(HttpContext http, JsonNode? id, string method, JsonNode? parameters, IA2AHandler handler, ILogger logger)
    {
        var ct = http.RequestAborted;
        switch (method)
        {
            case MethodsV03.SendStreamingMessage:
                var send = Read(parameters, p => FromV03.SendParams(JsonV03.Read<MessageSendParamsV03>(p, "params")));
                await StreamAsync(http, id, handler.SendStreamingMessageAsync(send, ct), logger);
                return;
            case MethodsV03.Resubscribe:
                var subscribe = Read(parameters, p => new SubscribeToTaskRequest(JsonV03.Read<TaskIdParamsV03>(p, "params").Id));
                await StreamAsync(http, id, handler.SubscribeToTaskAsync(subscribe, ct), logger);
                return;
        }
        JsonNode? result = method switch
        {
            MethodsV03.SendMessage => Node(ToV03.SendResult(await handler.SendMessageAsync(Read(parameters, p => FromV03.SendParams(JsonV03.Read<MessageSendParamsV03>(p, "params"))), ct))),
            MethodsV03.GetTask => Node(ToV03.Task(await handler.GetTaskAsync(Read(parameters, p =>
            {
                var query = JsonV03.Read<TaskQueryParamsV03>(p, "params");
                return new GetTaskRequest(query.Id) { HistoryLength = query.HistoryLength };
            }), ct))),
            MethodsV03.CancelTask => Node(ToV03.Task(await handler.CancelTaskAsync(Read(parameters, p => new CancelTaskRequest(JsonV03.Read<TaskIdParamsV03>(p, "params").Id)), ct))),
            MethodsV03.SetPushConfig => Node(ToV03.TaskPushConfig(await handler.CreatePushConfigAsync(Read(parameters, p =>
            {
                var set = JsonV03.Read<TaskPushNotificationConfigV03>(p, "params");
                return FromV03.PushConfig(set.PushNotificationConfig, set.TaskId);
            }), ct))),
            MethodsV03.GetPushConfig => Node(ToV03.TaskPushConfig(await GetPushConfigAsync(handler, Read(parameters, p => JsonV03.Read<GetTaskPushNotificationConfigParamsV03>(p, "params")), ct))),
            MethodsV03.ListPushConfigs => new JsonArray((await handler.ListPushConfigsAsync(
                Read(parameters, p => new ListTaskPushNotificationConfigsRequest(JsonV03.Read<TaskIdParamsV03>(p, "params").Id)), ct)).Configs.Select(c => Node(ToV03.TaskPushConfig(c))).ToArray()),
            MethodsV03.DeletePushConfig => await DeleteAsync(handler, Read(parameters, p =>
            {
                var delete = JsonV03.Read<DeleteTaskPushNotificationConfigParamsV03>(p, "params");
                return new DeleteTaskPushNotificationConfigRequest(delete.Id, delete.PushNotificationConfigId);
            }), ct),
            // The gateway has no extended card to give (1.0 GetExtendedAgentCard says so too).
            MethodsV03.GetExtendedCard => throw A2AError.ExtendedAgentCardNotConfigured(),
            _ => throw A2AError.MethodNotFound(method),
        };
        await JsonRpcBinding.WriteAsync(http, 200, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });
    }

    static T Read<T>(JsonNode? parameters, Func<JsonNode?, T> read)
    {
        try
        {
            return read(parameters);
        }
        catch (FormatV03Exception ex)
        {
            throw ex.AsInvalidParams();
        }
    }

    /// <summary>0.3 lets a caller leave out the config id when the task has one config.</summary>
    static async Task<TaskPushNotificationConfig> GetPushConfigAsync(IA2AHandler handler, GetTaskPushNotificationConfigParamsV03 request, CancellationToken ct)
    {
        if (request.PushNotificationConfigId is { } configId) return await handler.GetPushConfigAsync(new GetTaskPushNotificationConfigRequest(request.Id, configId), ct);
        var configs = await handler.ListPushConfigsAsync(new ListTaskPushNotificationConfigsRequest(request.Id), ct);
        return configs.Configs.FirstOrDefault() ?? throw A2AError.TaskNotFound(request.Id);
    }

    static async Task<JsonNode?> DeleteAsync(IA2AHandler handler, DeleteTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        await handler.DeletePushConfigAsync(request, ct);
        return null;
    }

    static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), JsonV03.Options)!;

    static Task StreamAsync(HttpContext http, JsonNode? id, IAsyncEnumerable<StreamResponse> events, ILogger logger) =>
        ServerSentEvents.RelayAsync(http, events,
            e => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = Node(ToV03.Event(e)) }, error => JsonRpcBinding.Error(id, error), null, logger);
}

namespace Marketplace.A2A.V03;

/// <summary>The 0.3 JSON-RPC method names and the 1.0 operation each one is.</summary>
public static class MethodsV03
{
    public const string SendMessage = "message/send";
    public const string SendStreamingMessage = "message/stream";
    public const string GetTask = "tasks/get";
    public const string CancelTask = "tasks/cancel";
    public const string Resubscribe = "tasks/resubscribe";
    public const string SetPushConfig = "tasks/pushNotificationConfig/set";
    public const string GetPushConfig = "tasks/pushNotificationConfig/get";
    public const string ListPushConfigs = "tasks/pushNotificationConfig/list";
    public const string DeletePushConfig = "tasks/pushNotificationConfig/delete";
    public const string GetExtendedCard = "agent/getAuthenticatedExtendedCard";

    public static IReadOnlyDictionary<string, string> ToV1 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SendMessage] = "SendMessage",
        [SendStreamingMessage] = "SendStreamingMessage",
        [GetTask] = "GetTask",
        [CancelTask] = "CancelTask",
        [Resubscribe] = "SubscribeToTask",
        [SetPushConfig] = "CreateTaskPushNotificationConfig",
        [GetPushConfig] = "GetTaskPushNotificationConfig",
        [ListPushConfigs] = "ListTaskPushNotificationConfigs",
        [DeletePushConfig] = "DeleteTaskPushNotificationConfig",
        [GetExtendedCard] = "GetExtendedAgentCard",
    };

    public static bool IsV03(string method) => ToV1.ContainsKey(method);
}

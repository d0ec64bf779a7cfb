namespace Marketplace.A2A.V03;

/// <summary>The 0.3 JSON-RPC method names (specification v0.3.0).</summary>
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

    /// <summary>
    /// Each is the 1.0 operation of the same meaning (SendMessage, SendStreamingMessage, GetTask, CancelTask,
    /// SubscribeToTask, the push-config CRUD, GetExtendedAgentCard); ListTasks has no 0.3 method.
    /// </summary>
    static readonly HashSet<string> All =
        [SendMessage, SendStreamingMessage, GetTask, CancelTask, Resubscribe, SetPushConfig, GetPushConfig, ListPushConfigs, DeletePushConfig, GetExtendedCard];

    public static bool IsV03(string method) => All.Contains(method);
}

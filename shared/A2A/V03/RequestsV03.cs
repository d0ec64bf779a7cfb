using System.Text.Json;

namespace Marketplace.A2A.V03;

// Parameters of the 0.3 JSON-RPC methods (specification/json/a2a.json at v0.3.0).

public sealed record MessageSendParamsV03(MessageV03 Message)
{
    public MessageSendConfigurationV03? Configuration { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary>0.3 says <c>blocking</c>; 1.0 says the opposite, <c>returnImmediately</c>.</summary>
public sealed record MessageSendConfigurationV03
{
    public IReadOnlyList<string>? AcceptedOutputModes { get; init; }
    public int? HistoryLength { get; init; }
    public PushNotificationConfigV03? PushNotificationConfig { get; init; }
    public bool? Blocking { get; init; }
}

public sealed record PushNotificationConfigV03(string Url)
{
    public string? Id { get; init; }
    public string? Token { get; init; }
    public PushNotificationAuthenticationInfoV03? Authentication { get; init; }
}

/// <summary>0.3 lists the schemes the receiver accepts; 1.0 names the one used.</summary>
public sealed record PushNotificationAuthenticationInfoV03(IReadOnlyList<string> Schemes)
{
    public string? Credentials { get; init; }
}

public sealed record TaskPushNotificationConfigV03(string TaskId, PushNotificationConfigV03 PushNotificationConfig);

/// <summary><c>tasks/get</c>.</summary>
public sealed record TaskQueryParamsV03(string Id)
{
    public int? HistoryLength { get; init; }
    public JsonElement? Metadata { get; init; }
}

/// <summary><c>tasks/cancel</c>, <c>tasks/resubscribe</c>, <c>tasks/pushNotificationConfig/list</c>.</summary>
public sealed record TaskIdParamsV03(string Id)
{
    public JsonElement? Metadata { get; init; }
}

/// <summary><c>tasks/pushNotificationConfig/get</c>: without a config id, the task's first config.</summary>
public sealed record GetTaskPushNotificationConfigParamsV03(string Id)
{
    public string? PushNotificationConfigId { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record DeleteTaskPushNotificationConfigParamsV03(string Id, string PushNotificationConfigId)
{
    public JsonElement? Metadata { get; init; }
}

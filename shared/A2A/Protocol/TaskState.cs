using System.Text.Json.Serialization;

namespace Marketplace.A2A.Protocol;

// ProtoJSON writes enums by their proto names.

[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    [JsonStringEnumMemberName("TASK_STATE_UNSPECIFIED")] Unspecified,
    [JsonStringEnumMemberName("TASK_STATE_SUBMITTED")] Submitted,
    [JsonStringEnumMemberName("TASK_STATE_WORKING")] Working,
    [JsonStringEnumMemberName("TASK_STATE_COMPLETED")] Completed,
    [JsonStringEnumMemberName("TASK_STATE_FAILED")] Failed,
    [JsonStringEnumMemberName("TASK_STATE_CANCELED")] Canceled,
    [JsonStringEnumMemberName("TASK_STATE_INPUT_REQUIRED")] InputRequired,
    [JsonStringEnumMemberName("TASK_STATE_REJECTED")] Rejected,
    [JsonStringEnumMemberName("TASK_STATE_AUTH_REQUIRED")] AuthRequired,
}

[JsonConverter(typeof(JsonStringEnumConverter<MessageRole>))]
public enum MessageRole
{
    [JsonStringEnumMemberName("ROLE_UNSPECIFIED")] Unspecified,
    [JsonStringEnumMemberName("ROLE_USER")] User,
    [JsonStringEnumMemberName("ROLE_AGENT")] Agent,
}

public static class TaskStates
{
    /// <summary>No further change can happen.</summary>
    public static bool IsTerminal(this TaskState state) =>
        state is TaskState.Completed or TaskState.Failed or TaskState.Canceled or TaskState.Rejected;

    /// <summary>The task waits for the client: streams close and the caller gets control back.</summary>
    public static bool IsInterrupted(this TaskState state) => state is TaskState.InputRequired or TaskState.AuthRequired;
}

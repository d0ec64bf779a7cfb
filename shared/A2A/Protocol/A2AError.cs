using System.Text.Json.Nodes;
using Marketplace.Errors;

namespace Marketplace.A2A.Protocol;

/// <summary>
/// An A2A error with its code in each binding: the JSON-RPC code, the HTTP status and google.rpc status name for
/// HTTP+JSON, and the ErrorInfo reason. Thrown anywhere below a binding; the binding renders it.
/// </summary>
public sealed class A2AError(int jsonRpcCode, int httpStatus, string rpcStatus, string reason, string message, JsonObject? metadata = null,
    IReadOnlyList<(string Field, string Description)>? fieldViolations = null) : Exception(message)
{
    public const string Domain = "a2a-protocol.org";

    public int JsonRpcCode { get; } = jsonRpcCode;
    public int HttpStatus { get; } = httpStatus;
    public string RpcStatus { get; } = rpcStatus;
    public string Reason { get; } = reason;
    public JsonObject? ErrorMetadata { get; } = metadata;
    public IReadOnlyList<(string Field, string Description)>? FieldViolations { get; } = fieldViolations;

    /// <summary>Error details as ProtoJSON <c>Any</c> objects (ErrorInfo, and BadRequest for invalid params).</summary>
    public JsonArray Details()
    {
        var details = new JsonArray(new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
            ["reason"] = Reason,
            ["domain"] = Reason.StartsWith("MARKETPLACE_", StringComparison.Ordinal) ? "marketplace" : Domain,
            ["metadata"] = ErrorMetadata?.DeepClone() ?? new JsonObject(),
        });
        if (FieldViolations is { Count: > 0 })
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new JsonArray(FieldViolations.Select(v => (JsonNode)new JsonObject { ["field"] = v.Field, ["description"] = v.Description }).ToArray()),
            });
        return details;
    }

    // JSON-RPC envelope errors.
    public static A2AError ParseError(string detail) => new(-32700, 400, "INVALID_ARGUMENT", "PARSE_ERROR", $"Invalid JSON payload: {detail}");
    public static A2AError InvalidRequest(string detail) => new(-32600, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", $"Request payload validation error: {detail}");
    public static A2AError MethodNotFound(string method) => new(-32601, 404, "NOT_FOUND", "METHOD_NOT_FOUND", $"Method not found: {method}");
    public static A2AError InvalidParams(string field, string description) =>
        new(-32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS", $"Invalid parameters: {field}: {description}", fieldViolations: [(field, description)]);
    public static A2AError PayloadTooLarge(long limit) =>
        new(-32600, 413, "INVALID_ARGUMENT", "PAYLOAD_TOO_LARGE", $"Request payload validation error: the body exceeds {limit} bytes");
    public static A2AError Internal() => new(-32603, 500, "INTERNAL", "INTERNAL", "Internal error");

    // A2A errors (specification §5.4).
    public static A2AError TaskNotFound(string taskId) =>
        new(-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND", "Task not found", new JsonObject { ["taskId"] = taskId });
    public static A2AError TaskNotCancelable(string taskId, TaskState state) =>
        new(-32002, 400, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE", $"Task is {state} and cannot be canceled", new JsonObject { ["taskId"] = taskId });
    public static A2AError PushNotificationNotSupported() =>
        new(-32003, 400, "FAILED_PRECONDITION", "PUSH_NOTIFICATION_NOT_SUPPORTED", "Push notifications are not supported");
    public static A2AError UnsupportedOperation(string detail) =>
        new(-32004, 400, "FAILED_PRECONDITION", "UNSUPPORTED_OPERATION", $"Unsupported operation: {detail}");
    public static A2AError ContentTypeNotSupported(string detail) =>
        new(-32005, 400, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED", $"Content type not supported: {detail}");
    /// <summary>A request body that is not JSON: HTTP's own 415 on HTTP+JSON, -32005 (with 200) on JSON-RPC.</summary>
    public static A2AError UnsupportedMediaType(string contentType) =>
        new(-32005, 415, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED", $"Content type not supported: '{contentType}'; send application/json",
            new JsonObject { ["contentType"] = contentType });
    public static A2AError InvalidAgentResponse(string detail) =>
        new(-32006, 502, "INTERNAL", "INVALID_AGENT_RESPONSE", $"The agent returned an invalid response: {detail}");
    public static A2AError ExtendedAgentCardNotConfigured() =>
        new(-32007, 400, "FAILED_PRECONDITION", "EXTENDED_AGENT_CARD_NOT_CONFIGURED", "No extended agent card is configured");
    public static A2AError VersionNotSupported(string version) =>
        new(-32009, 400, "FAILED_PRECONDITION", "VERSION_NOT_SUPPORTED", $"A2A version {version} is not supported; use 1.0",
            new JsonObject { ["requestedVersion"] = version, ["supportedVersions"] = "1.0" });

    static readonly (int Code, int Http, string Status, string Reason)[] Catalogue =
    [
        (-32001, 404, "NOT_FOUND", "TASK_NOT_FOUND"),
        (-32002, 400, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE"),
        (-32003, 400, "FAILED_PRECONDITION", "PUSH_NOTIFICATION_NOT_SUPPORTED"),
        (-32004, 400, "FAILED_PRECONDITION", "UNSUPPORTED_OPERATION"),
        (-32005, 400, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED"),
        (-32006, 502, "INTERNAL", "INVALID_AGENT_RESPONSE"),
        (-32007, 400, "FAILED_PRECONDITION", "EXTENDED_AGENT_CARD_NOT_CONFIGURED"),
        (-32008, 400, "FAILED_PRECONDITION", "EXTENSION_SUPPORT_REQUIRED"),
        (-32009, 400, "FAILED_PRECONDITION", "VERSION_NOT_SUPPORTED"),
        (-32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS"),
    ];

    /// <summary>
    /// An error an upstream agent returned, identified by its JSON-RPC code or (HTTP+JSON) its ErrorInfo reason.
    /// Known A2A errors keep their identity; anything else means the agent failed.
    /// </summary>
    public static A2AError FromUpstream(int code, string? reason, string message)
    {
        foreach (var e in Catalogue)
            if (e.Code == code || e.Reason == reason) return new A2AError(e.Code, e.Http, e.Status, e.Reason, message);
        return AgentUnavailable(message);
    }

    // Marketplace errors outside the A2A catalogue; -32000 is JSON-RPC's first implementation-defined server code.
    public static A2AError Unauthenticated() =>
        new(-32000, 401, "UNAUTHENTICATED", "MARKETPLACE_UNAUTHENTICATED", "Send a valid marketplace API key in X-API-Key or Authorization: Bearer");
    public static A2AError PermissionDenied(string detail) =>
        new(-32000, 403, "PERMISSION_DENIED", "MARKETPLACE_PERMISSION_DENIED", detail);
    public const string AgentNotFoundReason = "MARKETPLACE_AGENT_NOT_FOUND";

    /// <summary>The endpoint names no listing the caller can see: a 404 even on JSON-RPC, as the endpoint itself is missing.</summary>
    public static A2AError AgentNotFound(string agentId) =>
        new(-32000, 404, "NOT_FOUND", AgentNotFoundReason, $"No agent '{agentId}'", new JsonObject { ["agentId"] = agentId });
    /// <summary>The tenant's credit does not cover the call: refused before the agent is contacted.</summary>
    static A2AError InsufficientCredits(long needed, long balance) =>
        new(-32000, 402, "FAILED_PRECONDITION", "MARKETPLACE_INSUFFICIENT_CREDITS", $"Insufficient credit: the call needs {needed} micro-credits and the balance is {balance}",
            new JsonObject { ["needed"] = needed, ["balance"] = balance });
    public static A2AError RateLimited(string detail) => new(-32000, 429, "RESOURCE_EXHAUSTED", "MARKETPLACE_RATE_LIMITED", detail);
    static A2AError QuotaExceeded(string detail) => new(-32000, 429, "RESOURCE_EXHAUSTED", "MARKETPLACE_QUOTA_EXCEEDED", detail);
    /// <summary>
    /// The one place a <see cref="DomainError"/> becomes an A2A error. Refusals the catalogue has no code for (not
    /// found, conflict, stale) are invalid parameters of the request, named by <paramref name="field"/>.
    /// </summary>
    public static A2AError From(DomainError error, string field = "params") => error.Kind switch
    {
        DomainErrorKind.Forbidden => PermissionDenied(error.Detail),
        DomainErrorKind.PaymentRequired when error.Shortfall is { } shortfall => InsufficientCredits(shortfall.Needed, shortfall.Balance),
        DomainErrorKind.PaymentRequired => new(-32000, 402, "FAILED_PRECONDITION", "MARKETPLACE_INSUFFICIENT_CREDITS", error.Detail),
        DomainErrorKind.RateLimited => RateLimited(error.Detail),
        DomainErrorKind.QuotaExceeded => QuotaExceeded(error.Detail),
        DomainErrorKind.TooLarge => new(-32600, 413, "INVALID_ARGUMENT", "PAYLOAD_TOO_LARGE", $"Request payload validation error: {error.Detail}"),
        DomainErrorKind.UnsupportedMediaType => new(-32005, 415, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED", $"Content type not supported: {error.Detail}"),
        DomainErrorKind.Upstream => AgentUnavailable(error.Detail),
        _ when error.Errors is { Count: > 0 } errors => new(-32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS", $"Invalid parameters: {error.Detail}",
            fieldViolations: [.. errors.Select(e => (e.Path, e.Message))]),
        _ => InvalidParams(field, error.Detail),
    };

    public static A2AError AgentUnavailable(string detail) =>
        new(-32000, 502, "UNAVAILABLE", "MARKETPLACE_AGENT_UNAVAILABLE", $"The agent could not be reached: {detail}");
}

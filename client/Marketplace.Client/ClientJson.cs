using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Client.Models;

namespace Marketplace.Client;

/// <summary>
/// Source-generated serialization for every payload the client sends or reads: no reflection, so the library trims
/// (the browser console) and starts fast (the command line).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(Tenant))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(List<ApiKeyView>))]
[JsonSerializable(typeof(AgentListing))]
[JsonSerializable(typeof(AgentSearchPage))]
[JsonSerializable(typeof(AgentVersionList))]
[JsonSerializable(typeof(PublishAgentRequest))]
[JsonSerializable(typeof(UpdateAgentRequest))]
[JsonSerializable(typeof(WorkflowView))]
[JsonSerializable(typeof(WorkflowVersion))]
[JsonSerializable(typeof(List<WorkflowSummary>))]
[JsonSerializable(typeof(List<WorkflowVersion>))]
[JsonSerializable(typeof(StartRunRequest))]
[JsonSerializable(typeof(WorkflowRun))]
[JsonSerializable(typeof(RunView))]
[JsonSerializable(typeof(RunPage))]
[JsonSerializable(typeof(RunStep))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(BalanceView))]
[JsonSerializable(typeof(LedgerPage))]
[JsonSerializable(typeof(UsageSeries))]
[JsonSerializable(typeof(Statement))]
[JsonSerializable(typeof(ReviewPage))]
[JsonSerializable(typeof(Review))]
[JsonSerializable(typeof(WriteReviewRequest))]
[JsonSerializable(typeof(RegisteredTool))]
[JsonSerializable(typeof(List<RegisteredTool>))]
[JsonSerializable(typeof(CreateToolRequest))]
[JsonSerializable(typeof(ApproveToolRequest))]
[JsonSerializable(typeof(ToolMetrics))]
[JsonSerializable(typeof(CreateMcpServerRequest))]
[JsonSerializable(typeof(McpServerSync))]
[JsonSerializable(typeof(StreamResponse))]
[JsonSerializable(typeof(AgentTask))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(JsonRpcRequest<SendMessageRequest>))]
[JsonSerializable(typeof(JsonRpcRequest<GetTaskRequest>))]
[JsonSerializable(typeof(JsonRpcRequest<CancelTaskRequest>))]
[JsonSerializable(typeof(JsonRpcRequest<ListTasksRequest>))]
[JsonSerializable(typeof(JsonRpcResponse<SendMessageResponse>))]
[JsonSerializable(typeof(JsonRpcResponse<StreamResponse>))]
[JsonSerializable(typeof(JsonRpcResponse<AgentTask>))]
[JsonSerializable(typeof(JsonRpcResponse<ListTasksResponse>))]
public sealed partial class ClientJson : JsonSerializerContext;

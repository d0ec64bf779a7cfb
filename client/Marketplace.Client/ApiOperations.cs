using Marketplace.Client.Models;

namespace Marketplace.Client;

/// <summary>Every REST operation the client uses; a test checks each against the server's OpenAPI document.</summary>
public static class ApiOperations
{
    public static readonly ApiOperation CreateTenant = new("POST", "/api/tenants", typeof(CreateTenantRequest), typeof(Tenant));
    public static readonly ApiOperation GetTenant = new("GET", "/api/tenants/{tenantId}", null, typeof(Tenant));
    public static readonly ApiOperation CreateKey = new("POST", "/api/tenants/{tenantId}/keys", typeof(CreateApiKeyRequest), typeof(CreatedApiKey));
    public static readonly ApiOperation GetMe = new("GET", "/api/me", null, typeof(Me));
    public static readonly ApiOperation ListKeys = new("GET", "/api/tenants/{tenantId}/keys", null, typeof(List<ApiKeyView>));
    public static readonly ApiOperation RevokeKey = new("DELETE", "/api/tenants/{tenantId}/keys/{keyId}", null, null);

    public static readonly ApiOperation ConsoleConfig = new("GET", "/api/console/config", null, typeof(ConsoleConfig));
    public static readonly ApiOperation ListMembers = new("GET", "/api/tenants/{tenantId}/members", null, typeof(List<Member>));
    public static readonly ApiOperation ChangeMemberRole = new("PUT", "/api/tenants/{tenantId}/members/{userId}", typeof(ChangeRoleRequest), typeof(Member));
    public static readonly ApiOperation RemoveMember = new("DELETE", "/api/tenants/{tenantId}/members/{userId}", null, null);
    public static readonly ApiOperation CreateInvitation = new("POST", "/api/tenants/{tenantId}/invitations", typeof(CreateInvitationRequest), typeof(CreatedInvitation));
    public static readonly ApiOperation AuditLog = new("GET", "/api/tenants/{tenantId}/audit", null, typeof(AuditPage));

    public static readonly ApiOperation SearchAgents = new("GET", "/api/agents", null, typeof(AgentSearchPage));
    public static readonly ApiOperation PublishAgent = new("POST", "/api/agents", typeof(PublishAgentRequest), typeof(AgentListing));
    public static readonly ApiOperation GetAgent = new("GET", "/api/agents/{agentId}", null, typeof(AgentListing));
    public static readonly ApiOperation UpdateAgent = new("PUT", "/api/agents/{agentId}", typeof(UpdateAgentRequest), typeof(AgentListing));
    public static readonly ApiOperation RetireAgent = new("DELETE", "/api/agents/{agentId}", null, typeof(AgentListing));
    public static readonly ApiOperation AgentVersions = new("GET", "/api/agents/{agentId}/versions", null, typeof(AgentVersionList));

    public static readonly ApiOperation ValidateWorkflow = new("POST", "/api/workflows/validate", null, typeof(WorkflowValidation));
    public static readonly ApiOperation CreateWorkflow = new("POST", "/api/workflows", null, typeof(WorkflowVersion));
    public static readonly ApiOperation ListWorkflows = new("GET", "/api/workflows", null, typeof(List<WorkflowSummary>));
    public static readonly ApiOperation GetWorkflow = new("GET", "/api/workflows/{workflowId}", null, typeof(WorkflowView));
    public static readonly ApiOperation AddWorkflowVersion = new("POST", "/api/workflows/{workflowId}/versions", null, typeof(WorkflowVersion));
    public static readonly ApiOperation WorkflowVersions = new("GET", "/api/workflows/{workflowId}/versions", null, typeof(List<WorkflowVersion>));

    public static readonly ApiOperation StartRun = new("POST", "/api/workflows/{workflowId}/runs", typeof(StartRunRequest), typeof(WorkflowRun));
    public static readonly ApiOperation ListRuns = new("GET", "/api/runs", null, typeof(RunPage));
    public static readonly ApiOperation GetRun = new("GET", "/api/runs/{runId}", null, typeof(RunView));
    public static readonly ApiOperation RunEvents = new("GET", "/api/runs/{runId}/events", null, null);
    public static readonly ApiOperation DecideApproval = new("POST", "/api/runs/{runId}/approvals", typeof(ApprovalRequest), typeof(RunStep));
    public static readonly ApiOperation CancelRun = new("POST", "/api/runs/{runId}/cancel", null, typeof(WorkflowRun));

    public static readonly ApiOperation Balance = new("GET", "/api/billing/balance", null, typeof(BalanceView));
    public static readonly ApiOperation Ledger = new("GET", "/api/billing/ledger", null, typeof(LedgerPage));
    public static readonly ApiOperation GrantCredit = new("POST", "/api/admin/tenants/{tenantId}/credits", typeof(GrantCreditRequest), typeof(BalanceView));
    public static readonly ApiOperation AdminEvents = new("GET", "/api/admin/events", null, typeof(List<IntegrationEvent>));
    public static readonly ApiOperation HideReview = new("POST", "/api/admin/agents/{agentId}/reviews/{tenantId}/hide", null, typeof(ModeratedReview));
    public static readonly ApiOperation Usage = new("GET", "/api/analytics/usage", null, typeof(UsageSeries));
    public static readonly ApiOperation Statement = new("GET", "/api/billing/statements/{period}", null, typeof(Statement));

    public static readonly ApiOperation ListReviews = new("GET", "/api/agents/{agentId}/reviews", null, typeof(ReviewPage));
    public static readonly ApiOperation WriteReview = new("PUT", "/api/agents/{agentId}/reviews/mine", typeof(WriteReviewRequest), typeof(Review));
    public static readonly ApiOperation ReplyReview = new("POST", "/api/agents/{agentId}/reviews/{tenantId}/reply", typeof(ReplyRequest), typeof(Review));
    public static readonly ApiOperation ReportReview = new("POST", "/api/agents/{agentId}/reviews/{tenantId}/report", null, null);

    public static readonly ApiOperation Collaborators = new("GET", "/api/agents/{agentId}/collaborators", null, typeof(AgentCollaborators));
    public static readonly ApiOperation Recommendations = new("GET", "/api/recommendations", null, typeof(RecommendationPage));

    public static readonly ApiOperation ListTools = new("GET", "/api/tools", null, typeof(List<RegisteredTool>));
    public static readonly ApiOperation GetTool = new("GET", "/api/tools/{toolName}", null, typeof(RegisteredTool));
    public static readonly ApiOperation CreateTool = new("POST", "/api/tools", typeof(CreateToolRequest), typeof(RegisteredTool));
    public static readonly ApiOperation DeleteTool = new("DELETE", "/api/tools/{toolName}", null, null);
    public static readonly ApiOperation ApproveTool = new("POST", "/api/tools/{toolName}/approve", typeof(ApproveToolRequest), typeof(RegisteredTool));
    public static readonly ApiOperation ToolDefinitions = new("GET", "/api/tools/{toolName}/definitions", null, typeof(ToolDefinitionsView));
    public static readonly ApiOperation ToolMetrics = new("GET", "/api/tools/{toolName}/metrics", null, typeof(ToolMetrics));

    public static readonly ApiOperation SetToolAccess = new("PUT", "/api/tools/{toolName}/access", typeof(ToolAccessRequest), typeof(RegisteredTool));

    public static readonly ApiOperation ListMcpServers = new("GET", "/api/mcp-servers", null, typeof(List<McpServerRegistration>));
    public static readonly ApiOperation CreateMcpServer = new("POST", "/api/mcp-servers", typeof(CreateMcpServerRequest), typeof(McpServerSync));
    public static readonly ApiOperation SyncMcpServer = new("POST", "/api/mcp-servers/{prefix}/sync", null, typeof(McpServerSync));
    public static readonly ApiOperation DeleteMcpServer = new("DELETE", "/api/mcp-servers/{prefix}", null, null);

    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        CreateTenant, GetTenant, GetMe, CreateKey, ListKeys, RevokeKey,
        ConsoleConfig, ListMembers, ChangeMemberRole, RemoveMember, CreateInvitation, AuditLog,
        SearchAgents, PublishAgent, GetAgent, UpdateAgent, RetireAgent, AgentVersions,
        ValidateWorkflow, CreateWorkflow, ListWorkflows, GetWorkflow, AddWorkflowVersion, WorkflowVersions,
        StartRun, ListRuns, GetRun, RunEvents, DecideApproval, CancelRun,
        Balance, Ledger, Usage, Statement, GrantCredit, AdminEvents,
        ListReviews, WriteReview, ReplyReview, ReportReview, HideReview, Collaborators, Recommendations,
        ListTools, GetTool, CreateTool, DeleteTool, ApproveTool, ToolDefinitions, ToolMetrics, SetToolAccess,
        ListMcpServers, CreateMcpServer, SyncMcpServer, DeleteMcpServer,
    ];
}

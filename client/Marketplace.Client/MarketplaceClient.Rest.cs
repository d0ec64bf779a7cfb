using System.Text.Json;
using Marketplace.Client.Models;
using static Marketplace.Client.ApiOperations;

namespace Marketplace.Client;

public sealed partial class MarketplaceClient
{
    static ClientJson J => ClientJson.Default;

    // Tenants and keys

    public Task<Tenant> CreateTenantAsync(CreateTenantRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateTenant), CreateTenant.Path, body, J.CreateTenantRequest), J.Tenant, ct);

    public Task<Tenant> GetTenantAsync(string tenantId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(GetTenant), GetTenant.Format(tenantId)), J.Tenant, ct);

    /// <summary>Who the credential is and the tenant and role it acts with.</summary>
    public Task<Me> GetMeAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(GetMe), GetMe.Path), J.Me, ct);

    public Task<CreatedApiKey> CreateKeyAsync(string tenantId, CreateApiKeyRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateKey), CreateKey.Format(tenantId), body, J.CreateApiKeyRequest), J.CreatedApiKey, ct);

    public Task<List<ApiKeyView>> ListKeysAsync(string tenantId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListKeys), ListKeys.Format(tenantId)), J.ListApiKeyView, ct);

    public Task RevokeKeyAsync(string tenantId, string keyId, CancellationToken ct = default) =>
        SendNoContentAsync(Request(Method(RevokeKey), RevokeKey.Format(tenantId, keyId)), ct);

    // People, sign-in and the audit log

    public Task<ConsoleConfig> ConsoleConfigAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(ApiOperations.ConsoleConfig), ApiOperations.ConsoleConfig.Path), J.ConsoleConfig, ct);

    public Task<List<Member>> ListMembersAsync(string tenantId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListMembers), ListMembers.Format(tenantId)), J.ListMember, ct);

    public Task<Member> ChangeMemberRoleAsync(string tenantId, string userId, ChangeRoleRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ChangeMemberRole), ChangeMemberRole.Format(tenantId, userId), body, J.ChangeRoleRequest), J.Member, ct);

    public Task RemoveMemberAsync(string tenantId, string userId, CancellationToken ct = default) =>
        SendNoContentAsync(Request(Method(RemoveMember), RemoveMember.Format(tenantId, userId)), ct);

    public Task<CreatedInvitation> CreateInvitationAsync(string tenantId, CreateInvitationRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateInvitation), CreateInvitation.Format(tenantId), body, J.CreateInvitationRequest), J.CreatedInvitation, ct);

    public Task<AuditPage> AuditLogAsync(string tenantId, AuditQuery query, CancellationToken ct = default) =>
        ReadAsync(Request(Method(AuditLog), Query(AuditLog.Format(tenantId), ("action", query.Action), ("actor", query.Actor), ("since", query.Since?.ToString("O")),
            ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", query.Cursor))), J.AuditPage, ct);

    // Registry

    public Task<AgentSearchPage> SearchAgentsAsync(AgentSearchQuery query, CancellationToken ct = default) =>
        ReadAsync(Request(Method(SearchAgents), Query(SearchAgents.Path, ("q", query.Q), ("skill", query.Skill), ("tag", query.Tag),
            ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", query.Cursor),
            ("mode", query.Mode), ("verified", query.Verified is { } verified ? (verified ? "true" : "false") : null))), J.AgentSearchPage, ct);

    public Task<AgentListing> PublishAgentAsync(PublishAgentRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(PublishAgent), PublishAgent.Path, body, J.PublishAgentRequest), J.AgentListing, ct);

    /// <summary>A listing and its ETag, which <see cref="UpdateAgentAsync"/> and <see cref="RetireAgentAsync"/> send back.</summary>
    public async Task<Tagged<AgentListing>> GetAgentAsync(string agentId, CancellationToken ct = default)
    {
        using var response = await SendAsync(Request(Method(GetAgent), GetAgent.Format(agentId)), HttpCompletionOption.ResponseContentRead, ct);
        return new(await ReadBodyAsync(response, J.AgentListing, ct), ETagOf(response));
    }

    public Task<AgentListing> UpdateAgentAsync(string agentId, UpdateAgentRequest body, string etag, CancellationToken ct = default)
    {
        var request = Request(Method(UpdateAgent), UpdateAgent.Format(agentId), body, J.UpdateAgentRequest);
        IfMatch(request, etag);
        return ReadAsync(request, J.AgentListing, ct);
    }

    public Task<AgentListing> RetireAgentAsync(string agentId, string? etag = null, CancellationToken ct = default)
    {
        var request = Request(Method(RetireAgent), RetireAgent.Format(agentId));
        IfMatch(request, etag);
        return ReadAsync(request, J.AgentListing, ct);
    }

    public Task<AgentVersionList> AgentVersionsAsync(string agentId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(AgentVersions), AgentVersions.Format(agentId)), J.AgentVersionList, ct);

    // Workflows and runs

    public Task<WorkflowValidation> ValidateWorkflowAsync(JsonElement definition, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ValidateWorkflow), ValidateWorkflow.Path, definition, J.JsonElement), J.WorkflowValidation, ct);

    public Task<WorkflowVersion> CreateWorkflowAsync(JsonElement definition, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateWorkflow), CreateWorkflow.Path, definition, J.JsonElement), J.WorkflowVersion, ct);

    public Task<WorkflowVersion> AddWorkflowVersionAsync(string workflowId, JsonElement definition, CancellationToken ct = default) =>
        ReadAsync(Request(Method(AddWorkflowVersion), AddWorkflowVersion.Format(workflowId), definition, J.JsonElement), J.WorkflowVersion, ct);

    public Task<List<WorkflowSummary>> ListWorkflowsAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListWorkflows), ListWorkflows.Path), J.ListWorkflowSummary, ct);

    public Task<WorkflowView> GetWorkflowAsync(string workflowId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(GetWorkflow), GetWorkflow.Format(workflowId)), J.WorkflowView, ct);

    public Task<List<WorkflowVersion>> WorkflowVersionsAsync(string workflowId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(WorkflowVersions), WorkflowVersions.Format(workflowId)), J.ListWorkflowVersion, ct);

    /// <summary>Starts a run; an idempotency key makes a retried start return the same run.</summary>
    public Task<WorkflowRun> StartRunAsync(string workflowId, StartRunRequest body, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var request = Request(Method(StartRun), StartRun.Format(workflowId), body, J.StartRunRequest);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return ReadAsync(request, J.WorkflowRun, ct);
    }

    public Task<RunPage> ListRunsAsync(string? workflowId = null, string? state = null, int? limit = null, string? cursor = null, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListRuns), Query(ListRuns.Path, ("workflowId", workflowId), ("state", state),
            ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor))), J.RunPage, ct);

    public Task<RunView> GetRunAsync(string runId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(GetRun), GetRun.Format(runId)), J.RunView, ct);

    public Task<RunStep> DecideAsync(string runId, ApprovalRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(DecideApproval), DecideApproval.Format(runId), body, J.ApprovalRequest), J.RunStep, ct);

    public Task<WorkflowRun> CancelRunAsync(string runId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CancelRun), CancelRun.Format(runId)), J.WorkflowRun, ct);

    // Billing

    public Task<BalanceView> BalanceAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(Balance), Balance.Path), J.BalanceView, ct);

    public Task<LedgerPage> LedgerAsync(LedgerQuery query, CancellationToken ct = default) =>
        ReadAsync(Request(Method(Ledger), Query(Ledger.Path, ("period", query.Period), ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("next", query.Next))), J.LedgerPage, ct);

    public Task<UsageSeries> UsageAsync(UsageQuery query, CancellationToken ct = default) =>
        ReadAsync(Request(Method(Usage), Query(Usage.Path, ("granularity", query.Granularity), ("from", query.From?.ToString("O")),
            ("to", query.To?.ToString("O")), ("agentId", query.AgentId), ("tool", query.Tool))), J.UsageSeries, ct);

    public Task<Statement> StatementAsync(string period, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ApiOperations.Statement), ApiOperations.Statement.Format(period)), J.Statement, ct);

    /// <summary>The statement as the API's CSV.</summary>
    public async Task<string> StatementCsvAsync(string period, CancellationToken ct = default)
    {
        using var response = await SendAsync(Request(Method(ApiOperations.Statement), Query(ApiOperations.Statement.Format(period), ("format", "csv"))), HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public Task<BalanceView> GrantCreditAsync(string tenantId, GrantCreditRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(GrantCredit), GrantCredit.Format(tenantId), body, J.GrantCreditRequest), J.BalanceView, ct);

    /// <summary>Recent integration events, newest first, optionally of one topic (platform admin).</summary>
    public Task<List<IntegrationEvent>> AdminEventsAsync(string? topic = null, CancellationToken ct = default) =>
        ReadAsync(Request(Method(AdminEvents), Query(AdminEvents.Path, ("topic", topic))), J.ListIntegrationEvent, ct);

    // Reviews

    public Task<ReviewPage> ListReviewsAsync(string agentId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListReviews), ListReviews.Format(agentId)), J.ReviewPage, ct);

    public Task<Review> WriteReviewAsync(string agentId, WriteReviewRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(WriteReview), WriteReview.Format(agentId), body, J.WriteReviewRequest), J.Review, ct);

    /// <summary>The publisher's one answer to a review of its agent.</summary>
    public Task<Review> ReplyToReviewAsync(string agentId, string reviewerTenantId, ReplyRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ReplyReview), ReplyReview.Format(agentId, reviewerTenantId), body, J.ReplyRequest), J.Review, ct);

    /// <summary>Reports a review as abusive, for the platform admin's moderation.</summary>
    public Task ReportReviewAsync(string agentId, string reviewerTenantId, CancellationToken ct = default) =>
        SendNoContentAsync(Request(Method(ReportReview), ReportReview.Format(agentId, reviewerTenantId)), ct);

    // The knowledge graph

    public Task<AgentCollaborators> CollaboratorsAsync(string agentId, int? limit = null, CancellationToken ct = default) =>
        ReadAsync(Request(Method(Collaborators), Query(Collaborators.Format(agentId), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))), J.AgentCollaborators, ct);

    public Task<RecommendationPage> RecommendationsAsync(string skill, int? limit = null, CancellationToken ct = default) =>
        ReadAsync(Request(Method(Recommendations), Query(Recommendations.Path, ("skill", skill), ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)))), J.RecommendationPage, ct);

    public Task<ModeratedReview> HideReviewAsync(string agentId, string reviewerTenantId, CancellationToken ct = default) =>
        ReadAsync(Request(Method(HideReview), HideReview.Format(agentId, reviewerTenantId)), J.ModeratedReview, ct);

    // Tools and federated MCP servers

    public Task<List<RegisteredTool>> ListToolsAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListTools), ListTools.Path), J.ListRegisteredTool, ct);

    public Task<RegisteredTool> GetToolAsync(string name, CancellationToken ct = default) =>
        ReadAsync(Request(Method(GetTool), GetTool.Format(name)), J.RegisteredTool, ct);

    public Task<RegisteredTool> CreateToolAsync(CreateToolRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateTool), CreateTool.Path, body, J.CreateToolRequest), J.RegisteredTool, ct);

    public Task DeleteToolAsync(string name, CancellationToken ct = default) =>
        SendNoContentAsync(Request(Method(DeleteTool), DeleteTool.Format(name)), ct);

    public Task<RegisteredTool> ApproveToolAsync(string name, ApproveToolRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ApproveTool), ApproveTool.Format(name), body, J.ApproveToolRequest), J.RegisteredTool, ct);

    /// <summary>The tool's current definition beside the approved one, to review a change before approving it.</summary>
    public Task<ToolDefinitionsView> ToolDefinitionsAsync(string name, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ToolDefinitions), ToolDefinitions.Format(name)), J.ToolDefinitionsView, ct);

    public Task<ToolMetrics> ToolMetricsAsync(string name, int? hours = null, CancellationToken ct = default) =>
        ReadAsync(Request(Method(ApiOperations.ToolMetrics), Query(ApiOperations.ToolMetrics.Format(name),
            ("hours", hours?.ToString(System.Globalization.CultureInfo.InvariantCulture)))), J.ToolMetrics, ct);

    public Task<RegisteredTool> SetToolAccessAsync(string name, ToolAccessRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(SetToolAccess), SetToolAccess.Format(name), body, J.ToolAccessRequest), J.RegisteredTool, ct);

    public Task<List<McpServerRegistration>> ListMcpServersAsync(CancellationToken ct = default) =>
        ReadAsync(Request(Method(ListMcpServers), ListMcpServers.Path), J.ListMcpServerRegistration, ct);

    public Task<McpServerSync> AddMcpServerAsync(CreateMcpServerRequest body, CancellationToken ct = default) =>
        ReadAsync(Request(Method(CreateMcpServer), CreateMcpServer.Path, body, J.CreateMcpServerRequest), J.McpServerSync, ct);

    public Task<McpServerSync> SyncMcpServerAsync(string prefix, CancellationToken ct = default) =>
        ReadAsync(Request(Method(SyncMcpServer), SyncMcpServer.Format(prefix)), J.McpServerSync, ct);

    public Task RemoveMcpServerAsync(string prefix, CancellationToken ct = default) =>
        SendNoContentAsync(Request(Method(DeleteMcpServer), DeleteMcpServer.Format(prefix)), ct);
}

using Marketplace.A2A.Gateway;
using Marketplace.Analytics;
using Marketplace.Audit;
using Marketplace.Billing;
using Marketplace.Events;
using Marketplace.Graph;
using Marketplace.Identity;
using Marketplace.Health;
using Marketplace.Mcp;
using Marketplace.Mcp.OAuth;
using Marketplace.OpenApi;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Search;
using Marketplace.Tenancy;
using Marketplace.Webhooks;
using Marketplace.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Http;

/// <summary>Every REST route of the marketplace, by name. Functions wrappers use the same names.</summary>
public sealed class ApiRouteTable
{
    static readonly ApiResponseDoc Problem400 = new(400, "Invalid request", typeof(ProblemDetails));
    static readonly ApiResponseDoc Problem401 = new(401, "Missing or invalid API key", typeof(ProblemDetails));
    static readonly ApiResponseDoc Problem403 = new(403, "Role not allowed", typeof(ProblemDetails));
    static readonly ApiResponseDoc Problem404 = new(404, "Not found", typeof(ProblemDetails));

    static readonly ApiResponseDoc Problem409 = new(409, "Conflict", typeof(ProblemDetails));

    /// <summary>Every role but billing, which sees only money and usage (<see cref="Finance"/>).</summary>
    static readonly Role[] AnyRole = [.. Enum.GetValues<Role>().Where(r => r != Role.Billing)];
    static readonly Role[] Finance = [.. AnyRole, Role.Billing];
    static readonly Role[] Publishers = [Role.Owner, Role.Publisher];
    static readonly Role[] Designers = [Role.Owner, Role.Developer];
    static readonly Role[] Runners = [Role.Owner, Role.Developer, Role.Agent];

    readonly Dictionary<string, ApiRoute> byName;

    public ApiRouteTable()
    {
        Routes =
        [
            new("health", "GET", "/api/health", RouteAccess.Public, HealthEndpoints.Get)
            {
                Doc = new("Platform", "Dependency health") { Responses = [new(200, "All dependencies healthy", typeof(HealthReportView)), new(503, "A dependency is down", typeof(HealthReportView))] },
            },
            new("openapi", "GET", "/api/openapi.json", RouteAccess.Public, OpenApiEndpoints.Get)
            {
                Doc = new("Platform", "This OpenAPI 3.1 document") { Responses = [new(200, "The document")] },
            },
            new("tenants-create", "POST", "/api/tenants", RouteAccess.AdminOnly, TenantEndpoints.Create)
            {
                Doc = new("Tenants", "Create a tenant") { RequestBody = typeof(CreateTenantRequest), Responses = [new(201, "Created", typeof(Tenant)), Problem400, Problem401, Problem403, new(409, "Id taken", typeof(ProblemDetails))] },
            },
            new("tenants-get", "GET", "/api/tenants/{tenantId}", RouteAccess.AdminOrRoles(Finance) with { Scope = KeyScopes.BillingRead }, TenantEndpoints.Get)
            {
                Doc = new("Tenants", "Get a tenant") { Responses = [new(200, "The tenant", typeof(Tenant)), Problem401, Problem404] },
            },
            new("keys-create", "POST", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.Create)
            {
                Doc = new("Tenants", "Create an API key (the key is shown only in this response)") { RequestBody = typeof(CreateApiKeyRequest), Responses = [new(201, "Created", typeof(CreatedApiKey)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("keys-list", "GET", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.List)
            {
                Doc = new("Tenants", "List API keys (no secrets)") { Responses = [new(200, "The keys", typeof(List<ApiKeyView>)), Problem401, Problem403, Problem404] },
            },
            new("keys-revoke", "DELETE", "/api/tenants/{tenantId}/keys/{keyId}", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.Revoke)
            {
                Doc = new("Tenants", "Revoke an API key at once") { Responses = [new(204, "Revoked"), Problem401, Problem403, Problem404] },
            },
            new("console-config", "GET", "/api/console/config", RouteAccess.Public, ConsoleConfigEndpoints.Get)
            {
                Doc = new("Identity", "How the browser console signs in: the OpenID issuer and its client, or none (API keys only)") { Responses = [new(200, "The console's settings", typeof(ConsoleConfig))] },
            },
            new("me", "GET", "/api/me", RouteAccess.AnyPrincipal, MeEndpoints.Get)
            {
                Doc = new("Identity", "Who is calling: the signed-in user or service and its memberships, or the key's tenant, role and scopes") { Responses = [new(200, "The caller", typeof(MeView)), Problem401] },
            },
            new("members-list", "GET", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Finance), MemberEndpoints.List)
            {
                Doc = new("Identity", "The tenant's members and their roles") { Responses = [new(200, "The members, oldest first", typeof(List<Membership>)), Problem401, Problem403, Problem404] },
            },
            new("members-add", "POST", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Role.Owner), MemberEndpoints.Add)
            {
                Doc = new("Identity", "Add a user or service principal (by user id, or by issuer and subject) with a role") { RequestBody = typeof(AddMemberRequest), Responses = [new(201, "Added", typeof(Membership)), Problem400, Problem401, Problem403, Problem404, Problem409] },
            },
            new("members-role", "PUT", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Role.Owner), MemberEndpoints.ChangeRole)
            {
                Doc = new("Identity", "Change a member's role (effective on their next request; the last owner cannot be demoted)") { RequestBody = typeof(ChangeRoleRequest), Responses = [new(200, "Changed", typeof(Membership)), Problem400, Problem401, Problem403, Problem404, Problem409] },
            },
            new("members-remove", "DELETE", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Finance), MemberEndpoints.Remove)
            {
                Doc = new("Identity", "Remove a member (owners), or leave (yourself); their keys are revoked; the last owner cannot leave") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404, Problem409] },
            },
            new("invitations-create", "POST", "/api/tenants/{tenantId}/invitations", RouteAccess.AdminOrRoles(Role.Owner), InvitationEndpoints.Create)
            {
                Doc = new("Identity", "Invite someone: a single-use, expiring token (shown only here; no email is sent)") { RequestBody = typeof(CreateInvitationRequest), Responses = [new(201, "Created", typeof(CreatedInvitation)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("invitations-accept", "POST", "/api/invitations/{token}/accept", RouteAccess.AnyPrincipal, InvitationEndpoints.Accept)
            {
                Doc = new("Identity", "Accept an invitation as the signed-in user: the membership is created") { Responses = [new(200, "Joined", typeof(Membership)), Problem401, Problem403, Problem404, new(409, "Used, or already a member", typeof(ProblemDetails)), new(410, "Expired", typeof(ProblemDetails))] },
            },
            new("audit-list", "GET", "/api/tenants/{tenantId}/audit", RouteAccess.AdminOrRoles(Role.Owner), AuditEndpoints.List)
            {
                Doc = new("Identity", "Who changed what in the tenant, newest first")
                {
                    Responses = [new(200, "A page of entries", typeof(AuditPage)), Problem400, Problem401, Problem403, Problem404],
                    Query =
                    [
                        new("action", typeof(string), "Only this operation (e.g. members-role, keys-create)"),
                        new("actor", typeof(string), "Only this user, service principal or key id"),
                        new("since", typeof(string), "ISO 8601: only entries at or after this time"),
                        new("limit", typeof(int), "Page size, 1–200 (default 50)"),
                        new("cursor", typeof(string), "nextCursor of the previous page"),
                    ],
                },
            },
            new("agents-search", "GET", "/api/agents", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Search)
            {
                Doc = new("Registry", "Search listings (public ones and your own)")
                {
                    Responses = [new(200, "A page of results, each with the skills that matched and why", typeof(AgentSearchPage)), Problem400, Problem401],
                    Query =
                    [
                        new("q", typeof(string), "What you need, in words: matched against name, description, skills and tags, by words and by meaning"),
                        new("mode", typeof(SearchMode), "hybrid (default: keywords and meaning fused), keyword (BM25 only) or semantic (embeddings only)"),
                        new("skill", typeof(string), "Skill id or name"),
                        new("tag", typeof(string), "Skill tag"),
                        new("inputMode", typeof(string), "Accepted media type"),
                        new("outputMode", typeof(string), "Produced media type"),
                        new("publisher", typeof(string), "Publisher tenant id"),
                        new("visibility", typeof(Visibility), "private or public"),
                        new("verified", typeof(bool), "true: only listings whose card signature was verified at publish; false: only unsigned ones"),
                        new("limit", typeof(int), "Page size, 1–100 (default 20)"),
                        new("cursor", typeof(string), "nextCursor of the previous page"),
                    ],
                },
            },
            new("search", "GET", "/api/search", RouteAccess.AdminOrRoles(AnyRole), SearchEndpoints.Search)
            {
                Doc = new("Registry", "Search agents, tools, MCP servers and workflows you can see, in one ranked list")
                {
                    Responses = [new(200, "The ranked results and a count per type", typeof(UnifiedSearchPage)), Problem400, Problem401],
                    Query =
                    [
                        new("q", typeof(string), "What you need, in words (required, at most 500 characters)"),
                        new("types", typeof(string), "Comma-separated: agent, tool, mcp-server, workflow (default all)"),
                        new("limit", typeof(int), "1–100 (default 20)"),
                    ],
                },
            },
            new("agents-publish", "POST", "/api/agents", RouteAccess.TenantRoles(Publishers), AgentEndpoints.Publish)
            {
                Doc = new("Registry", "Publish an agent from its card or card URL") { RequestBody = typeof(PublishAgentRequest), Responses = [new(201, "Published", typeof(AgentListing)), Problem400, Problem401, Problem403, new(413, "Body over 1 MiB", typeof(ProblemDetails)), new(502, "Card URL failed", typeof(ProblemDetails))] },
            },
            new("agents-get", "GET", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Get)
            {
                Doc = new("Registry", "Get a listing") { Responses = [new(200, "The listing (ETag header)", typeof(AgentListing)), Problem401, Problem404] },
            },
            new("agents-update", "PUT", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), AgentEndpoints.Update)
            {
                Doc = new("Registry", "Publish a new version (If-Match required)") { RequestBody = typeof(UpdateAgentRequest), Responses = [new(200, "The new version", typeof(AgentListing)), Problem400, Problem401, Problem403, Problem404, new(412, "Stale ETag", typeof(ProblemDetails)), new(428, "If-Match missing", typeof(ProblemDetails))] },
            },
            new("agents-retire", "DELETE", "/api/agents/{agentId}", RouteAccess.AdminOrRoles(Publishers), AgentEndpoints.Retire)
            {
                Doc = new("Registry", "Retire a listing") { Responses = [new(200, "The retired listing", typeof(AgentListing)), Problem401, Problem403, Problem404, new(412, "Stale ETag", typeof(ProblemDetails))] },
            },
            new("agents-versions", "GET", "/api/agents/{agentId}/versions", RouteAccess.AdminOrRoles(AnyRole), AgentEndpoints.Versions)
            {
                Doc = new("Registry", "Every version of a listing, newest first") { Responses = [new(200, "The versions", typeof(AgentVersionList)), Problem401, Problem404] },
            },
            new("workflows-create", "POST", "/api/workflows", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Create)
            {
                Doc = new("Workflows", "Create a workflow (validated whole; version 1)") { RequestBody = typeof(WorkflowDefinition), Responses = [new(201, "Created", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, new(409, "Id taken", typeof(ProblemDetails))] },
            },
            new("workflows-validate", "POST", "/api/workflows/validate", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Validate)
            {
                Doc = new("Workflows", "Check a definition as a save would, saving nothing") { RequestBody = typeof(WorkflowDefinition), Responses = [new(200, "Valid", typeof(WorkflowValidation)), Problem400, Problem401, Problem403] },
            },
            new("workflows-list", "GET", "/api/workflows", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.List)
            {
                Doc = new("Workflows", "This tenant's workflows") { Responses = [new(200, "The workflows", typeof(List<WorkflowSummary>)), Problem401] },
            },
            new("workflows-get", "GET", "/api/workflows/{workflowId}", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.Get)
            {
                Doc = new("Workflows", "A workflow and its latest version") { Responses = [new(200, "The workflow", typeof(WorkflowView)), Problem401, Problem404] },
            },
            new("workflows-retire", "POST", "/api/workflows/{workflowId}/retire", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.Retire)
            {
                Doc = new("Workflows", "Retire a workflow: no new runs; running ones finish") { Responses = [new(200, "Retired", typeof(WorkflowSummary)), Problem401, Problem403, Problem404] },
            },
            new("workflows-versions-add", "POST", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.AddVersion)
            {
                Doc = new("Workflows", "Add a version (validated whole)") { RequestBody = typeof(WorkflowDefinition), Responses = [new(201, "Created", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, Problem404, new(409, "Retired", typeof(ProblemDetails))] },
            },
            new("workflows-versions-list", "GET", "/api/workflows/{workflowId}/versions", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.Versions)
            {
                Doc = new("Workflows", "Every version of a workflow") { Responses = [new(200, "The versions", typeof(List<WorkflowVersion>)), Problem401, Problem404] },
            },
            new("workflows-versions-get", "GET", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(AnyRole), WorkflowEndpoints.GetVersion)
            {
                Doc = new("Workflows", "One version") { Responses = [new(200, "The version", typeof(WorkflowVersion)), Problem401, Problem404] },
            },
            new("workflows-versions-replace", "PUT", "/api/workflows/{workflowId}/versions/{version}", RouteAccess.TenantRoles(Designers), WorkflowEndpoints.ReplaceVersion)
            {
                Doc = new("Workflows", "Rewrite a version no run has used") { RequestBody = typeof(WorkflowDefinition), Responses = [new(200, "Replaced", typeof(WorkflowVersion)), Problem400, Problem401, Problem403, Problem404, new(409, "In use", typeof(ProblemDetails))] },
            },
            new("runs-start", "POST", "/api/workflows/{workflowId}/runs", RouteAccess.TenantRoles(Runners), RunEndpoints.Start)
            {
                Doc = new("Runs", "Start a run (honours Idempotency-Key)") { RequestBody = typeof(StartRunRequest), Responses = [new(202, "Started", typeof(WorkflowRun)), Problem400, Problem401, new(402, "Not enough credit", typeof(ProblemDetails)), Problem403, Problem404, new(409, "Retired, or key reused", typeof(ProblemDetails))] },
            },
            new("runs-list", "GET", "/api/runs", RouteAccess.TenantRoles(AnyRole), RunEndpoints.List)
            {
                Doc = new("Runs", "This tenant's runs, newest first")
                {
                    Responses = [new(200, "A page of runs", typeof(RunPage)), Problem400, Problem401],
                    Query = [new("workflowId", typeof(string), "Only this workflow's runs"), new("state", typeof(RunState), "Only runs in this state"), new("limit", typeof(int), "Page size, 1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")],
                },
            },
            new("runs-get", "GET", "/api/runs/{runId}", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Get)
            {
                Doc = new("Runs", "A run with every step's state, timings and output") { Responses = [new(200, "The run", typeof(RunView)), Problem401, Problem404] },
            },
            new("runs-events", "GET", "/api/runs/{runId}/events", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Events)
            {
                Doc = new("Runs", "Progress as server-sent events (run, step) until the run ends") { Responses = [new(200, "text/event-stream"), Problem401, Problem404] },
            },
            new("runs-payload", "GET", "/api/runs/{runId}/payloads/{name}", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Payload)
            {
                Doc = new("Runs", "A large input or output kept in Blob storage") { Responses = [new(200, "The JSON value"), Problem401, Problem404] },
            },
            new("runs-decide", "POST", "/api/runs/{runId}/approvals", RouteAccess.TenantRoles(AnyRole), RunEndpoints.Decide)
            {
                Doc = new("Runs", "Approve or reject a waiting approval step (approvers only)") { RequestBody = typeof(ApprovalRequest), Responses = [new(200, "Decided", typeof(RunStep)), Problem400, Problem401, Problem403, Problem404, new(409, "Already decided", typeof(ProblemDetails))] },
            },
            new("runs-cancel", "POST", "/api/runs/{runId}/cancel", RouteAccess.TenantRoles(Runners), RunEndpoints.Cancel)
            {
                Doc = new("Runs", "Cancel a run and its in-flight agent tasks") { Responses = [new(202, "Cancelling", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Already finished", typeof(ProblemDetails))] },
            },
            new("runs-suspend", "POST", "/api/runs/{runId}/suspend", RouteAccess.TenantRoles(Runners), RunEndpoints.Suspend)
            {
                Doc = new("Runs", "Suspend a run before its next step") { Responses = [new(202, "Suspended", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Not running", typeof(ProblemDetails))] },
            },
            new("runs-resume", "POST", "/api/runs/{runId}/resume", RouteAccess.TenantRoles(Runners), RunEndpoints.Resume)
            {
                Doc = new("Runs", "Resume a suspended run") { Responses = [new(202, "Resumed", typeof(WorkflowRun)), Problem401, Problem403, Problem404, new(409, "Not suspended", typeof(ProblemDetails))] },
            },
            new("reviews-write", "PUT", "/api/agents/{agentId}/reviews/mine", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ReviewEndpoints.Write)
            {
                Doc = new("Reviews", "Write or edit this tenant's review of an agent (after paid use)") { RequestBody = typeof(WriteReviewRequest), Responses = [new(200, "The review", typeof(ReviewView)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("reviews-list", "GET", "/api/agents/{agentId}/reviews", RouteAccess.AdminOrRoles(AnyRole), ReviewEndpoints.List)
            {
                Doc = new("Reviews", "An agent's rating and reviews") { Responses = [new(200, "Aggregate and reviews", typeof(ReviewPage)), Problem401, Problem404] },
            },
            new("reviews-history", "GET", "/api/agents/{agentId}/reviews/{tenantId}/history", RouteAccess.AdminOrRoles(AnyRole), ReviewEndpoints.History)
            {
                Doc = new("Reviews", "Every version of a review") { Responses = [new(200, "The versions, oldest first", typeof(List<ReviewView>)), Problem401, Problem404] },
            },
            new("reviews-reply", "POST", "/api/agents/{agentId}/reviews/{tenantId}/reply", RouteAccess.TenantRoles(Publishers), ReviewEndpoints.Reply)
            {
                Doc = new("Reviews", "The publisher's one answer to a review") { RequestBody = typeof(ReplyRequest), Responses = [new(200, "The review", typeof(ReviewView)), Problem400, Problem401, Problem403, Problem404, new(409, "Already answered", typeof(ProblemDetails))] },
            },
            new("reviews-report", "POST", "/api/agents/{agentId}/reviews/{tenantId}/report", RouteAccess.TenantRoles(AnyRole), ReviewEndpoints.Report)
            {
                Doc = new("Reviews", "Report a review as abusive") { Responses = [new(202, "Reported"), Problem401, Problem404] },
            },
            new("reviews-hide", "POST", "/api/admin/agents/{agentId}/reviews/{tenantId}/hide", RouteAccess.AdminOnly, ReviewEndpoints.Hide)
            {
                Doc = new("Reviews", "Hide a review (it leaves the aggregates)") { Responses = [new(200, "The hidden review", typeof(ReviewView)), Problem401, Problem403, Problem404] },
            },
            new("graph-collaborators", "GET", "/api/agents/{agentId}/collaborators", RouteAccess.AdminOrRoles(AnyRole), GraphEndpoints.Collaborators)
            {
                Doc = new("Graph", "Agents that worked with this one in workflow runs, most runs first (those you may see)") { Responses = [new(200, "The collaborators", typeof(AgentCollaborators)), Problem400, Problem401, Problem404], Query = [new("limit", typeof(int), "1–50 (default 10)")] },
            },
            new("graph-lineage", "GET", "/api/graph/runs/{runId}/lineage", RouteAccess.AdminOrRoles(AnyRole), GraphEndpoints.Lineage)
            {
                Doc = new("Graph", "Which agents ran which tasks of one of your workflow runs, in order, and what each depended on") { Responses = [new(200, "The lineage", typeof(RunLineageView)), Problem401, Problem404] },
            },
            new("graph-recommendations", "GET", "/api/recommendations", RouteAccess.TenantRoles(AnyRole), GraphEndpoints.Recommendations)
            {
                Doc = new("Graph", "Agents for a skill, ranked by closeness to the agents you use, rating and success rate") { Responses = [new(200, "The ranked agents with every signal", typeof(RecommendationPage)), Problem400, Problem401], Query = [new("skill", typeof(string), "Skill id or name (required)"), new("limit", typeof(int), "1–50 (default 10)")] },
            },
            // A2A gateway: authentication happens inside, so failures come back in the protocol's own error shapes.
            new("jwks", "GET", "/.well-known/jwks.json", RouteAccess.Public, GatewayEndpoints.Jwks),
            new("a2a-card", "GET", "/a2a/agents/{agentId}/.well-known/agent-card.json", RouteAccess.Public, GatewayEndpoints.Card),
            new("a2a-jsonrpc", "POST", "/a2a/agents/{agentId}", RouteAccess.Public, GatewayEndpoints.JsonRpc),
            // The marketplace's own agent: finds agents and delegates to the best one.
            new("a2a-concierge-card", "GET", "/.well-known/agent-card.json", RouteAccess.Public, Concierge.ConciergeEndpoints.Card),
            new("a2a-concierge-jsonrpc", "POST", "/a2a/concierge", RouteAccess.Public, Concierge.ConciergeEndpoints.JsonRpc),
            new("a2a-workflows-card", "GET", "/a2a/workflows/{tenantId}/.well-known/agent-card.json", RouteAccess.Public, Workflows.Agent.OrchestratorEndpoints.Card),
            new("a2a-workflows-jsonrpc", "POST", "/a2a/workflows/{tenantId}", RouteAccess.Public, Workflows.Agent.OrchestratorEndpoints.JsonRpc),
            new("a2a-rest-get", "GET", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.Public, GatewayEndpoints.Rest),
            new("a2a-rest-post", "POST", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.Public, GatewayEndpoints.Rest),
            new("a2a-rest-delete", "DELETE", "/a2a/agents/{agentId}/rest/{*path}", RouteAccess.Public, GatewayEndpoints.Rest),
            new("tools-create", "POST", "/api/tools", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Create)
            {
                Doc = new("Tools", "Register an HTTP or agent-skill tool for this tenant's MCP clients") { RequestBody = typeof(CreateToolRequest), Responses = [new(201, "Registered", typeof(RegisteredTool)), Problem400, Problem401, Problem403, new(409, "Name taken", typeof(ProblemDetails))] },
            },
            new("tools-list", "GET", "/api/tools", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.List)
            {
                Doc = new("Tools", "This tenant's tools, by name") { Responses = [new(200, "The tools", typeof(List<RegisteredTool>)), Problem401] },
            },
            new("tools-get", "GET", "/api/tools/{toolName}", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Get)
            {
                Doc = new("Tools", "One tool") { Responses = [new(200, "The tool", typeof(RegisteredTool)), Problem401, Problem404] },
            },
            new("tools-metrics", "GET", "/api/tools/{toolName}/metrics", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Metrics)
            {
                Doc = new("Tools", "Calls, errors and latency percentiles of a tool") { Responses = [new(200, "The metrics", typeof(ToolMetrics)), Problem400, Problem401, Problem404], Query = [new("hours", typeof(int), "Window in hours, 1–720 (default 24)")] },
            },
            new("tools-definitions", "GET", "/api/tools/{toolName}/definitions", RouteAccess.TenantRoles(AnyRole), ToolEndpoints.Definitions)
            {
                Doc = new("Tools", "The tool's current definition beside the approved one, to review a change") { Responses = [new(200, "Both definitions", typeof(ToolDefinitionsView)), Problem401, Problem404] },
            },
            new("tools-approve", "POST", "/api/tools/{toolName}/approve", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Approve)
            {
                Doc = new("Tools", "Approve the tool's current definition (pinned by hash)") { RequestBody = typeof(ApproveToolRequest), Responses = [new(200, "Approved", typeof(RegisteredTool)), Problem400, Problem401, Problem403, Problem404, new(409, "The definition changed since it was reviewed", typeof(ProblemDetails))] },
            },
            new("tools-access", "PUT", "/api/tools/{toolName}/access", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.SetAccess)
            {
                Doc = new("Tools", "Set who may list and call the tool, and its rate limit") { RequestBody = typeof(ToolAccessRequest), Responses = [new(200, "Updated", typeof(RegisteredTool)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("mcp-servers-create", "POST", "/api/mcp-servers", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Create)
            {
                Doc = new("Tools", "Federate an upstream MCP server: its tools appear as {prefix}.{tool}") { RequestBody = typeof(CreateMcpServerRequest), Responses = [new(201, "Registered, with the tools found", typeof(McpServerSync)), Problem400, Problem401, Problem403, new(409, "Prefix taken", typeof(ProblemDetails)), new(502, "The server could not be read", typeof(ProblemDetails))] },
            },
            new("mcp-servers-import", "POST", "/api/mcp-servers/import", RouteAccess.TenantRoles(Role.Owner, Role.Developer), Mcp.ServerRegistry.RegistryImportEndpoints.Import)
            {
                Doc = new("Tools", "Federate servers listed by another MCP registry (v0.1 API), by name; all or none")
                {
                    RequestBody = typeof(Mcp.ServerRegistry.ImportMcpServersRequest),
                    Responses = [new(201, "Registered, with the tools found", typeof(Mcp.ServerRegistry.McpServerImport)), Problem400, Problem401, Problem403, new(409, "Prefix taken", typeof(ProblemDetails)), new(502, "The registry or a server could not be read", typeof(ProblemDetails))],
                },
            },
            new("mcp-servers-list", "GET", "/api/mcp-servers", RouteAccess.TenantRoles(AnyRole), McpServerEndpoints.List)
            {
                Doc = new("Tools", "This tenant's federated servers") { Responses = [new(200, "The servers", typeof(List<McpServerRegistration>)), Problem401] },
            },
            new("mcp-servers-get", "GET", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(AnyRole), McpServerEndpoints.Get)
            {
                Doc = new("Tools", "One federated server") { Responses = [new(200, "The server", typeof(McpServerRegistration)), Problem401, Problem404] },
            },
            new("mcp-servers-sync", "POST", "/api/mcp-servers/{prefix}/sync", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Sync)
            {
                Doc = new("Tools", "Re-read the server's tools; changed definitions are blocked until re-approved") { Responses = [new(200, "What changed", typeof(McpServerSync)), Problem401, Problem403, Problem404, new(502, "The server could not be read", typeof(ProblemDetails))] },
            },
            new("mcp-servers-delete", "DELETE", "/api/mcp-servers/{prefix}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), McpServerEndpoints.Delete)
            {
                Doc = new("Tools", "Remove a federated server and its tools") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
            },
            new("tools-delete", "DELETE", "/api/tools/{toolName}", RouteAccess.TenantRoles(Role.Owner, Role.Developer), ToolEndpoints.Delete)
            {
                Doc = new("Tools", "Remove a tool") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
            },
            new("mcp-registry-servers", "GET", "/v0.1/servers", RouteAccess.PublicOrTenant, Mcp.ServerRegistry.RegistryEndpoints.List)
            {
                Doc = new("MCP Registry", "MCP servers (MCP Registry API v0.1): the hub to everyone, a tenant's federated servers to its keys")
                {
                    Responses = [new(200, "A page of servers", typeof(Mcp.ServerRegistry.RegistryServerList)), Problem400, Problem401],
                    Query =
                    [
                        new("search", typeof(string), "Substring of the server name"),
                        new("cursor", typeof(string), "metadata.nextCursor of the previous page"),
                        new("limit", typeof(int), "Page size, 1–100 (default 30)"),
                        new("updated_since", typeof(DateTimeOffset), "Only servers updated at or after this RFC 3339 time"),
                        new("version", typeof(string), "'latest' or an exact version"),
                        new("include_deleted", typeof(bool), "Accepted; no listed server is deleted"),
                    ],
                },
            },
            new("mcp-registry-versions", "GET", "/v0.1/servers/{serverName}/versions", RouteAccess.PublicOrTenant, Mcp.ServerRegistry.RegistryEndpoints.Versions)
            {
                ForeignNames = new HashSet<string> { "serverName" },
                Doc = new("MCP Registry", "Every version of a server (its name URL-encoded, e.g. com.example%2Fhub)") { Responses = [new(200, "The versions, newest first", typeof(Mcp.ServerRegistry.RegistryServerList)), Problem401, Problem404] },
            },
            new("mcp-registry-version", "GET", "/v0.1/servers/{serverName}/versions/{version}", RouteAccess.PublicOrTenant, Mcp.ServerRegistry.RegistryEndpoints.Version)
            {
                ForeignNames = new HashSet<string> { "serverName", "version" },
                Doc = new("MCP Registry", "One version of a server; 'latest' names the latest") { Responses = [new(200, "The server.json and the registry's metadata", typeof(Mcp.ServerRegistry.RegistryServerResponse)), Problem401, Problem404] },
            },
            // MCP hub: Streamable HTTP, stateless; the caller's key is checked inside, before the SDK runs.
            new("mcp", "POST", "/mcp", RouteAccess.Public, McpEndpoint.Handle),
            // Stateless: no server-initiated stream to GET and no session to DELETE; MCP clients expect 405 then.
            new("mcp-get", "GET", "/mcp", RouteAccess.Public, McpEndpoint.MethodNotAllowed),
            new("mcp-delete", "DELETE", "/mcp", RouteAccess.Public, McpEndpoint.MethodNotAllowed),
            new("oauth-resource", "GET", "/.well-known/oauth-protected-resource", RouteAccess.Public, ProtectedResource.Handle),
            new("oauth-resource-mcp", "GET", "/.well-known/oauth-protected-resource/mcp", RouteAccess.Public, ProtectedResource.Handle),
            new("billing-balance", "GET", "/api/billing/balance", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Balance)
            {
                Doc = new("Billing", "This tenant's credit: balance, reservations, grants in spend order (micro-credits)") { Responses = [new(200, "The balance", typeof(BalanceView)), Problem401] },
            },
            new("billing-ledger", "GET", "/api/billing/ledger", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Ledger)
            {
                Doc = new("Billing", "This tenant's ledger entries, by period") { Responses = [new(200, "A page of entries", typeof(LedgerPage)), Problem400, Problem401], Query = [new("period", typeof(string), "A month, yyyy-MM"), new("limit", typeof(int), "1–1000 (default 100)"), new("next", typeof(string), "Cursor from the previous page")] },
            },
            new("billing-rejections", "GET", "/api/billing/rejections", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Rejections)
            {
                Doc = new("Billing", "Usage events the billing worker refused, and why") { Responses = [new(200, "The rejections", typeof(List<UsageRejection>)), Problem401] },
            },
            new("billing-statement", "GET", "/api/billing/statements/{period}", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Statement)
            {
                Doc = new("Billing", "This tenant's statement for a month (JSON, or CSV with ?format=csv or Accept: text/csv)") { Responses = [new(200, "The statement", typeof(Statement)), Problem400, Problem401] },
            },
            new("billing-payout", "GET", "/api/billing/payouts/{period}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), BillingEndpoints.Payout)
            {
                Doc = new("Billing", "What this publisher's agents earned in a month") { Responses = [new(200, "The payout report", typeof(PayoutReport)), Problem400, Problem401, Problem403] },
            },
            new("billing-close", "POST", "/api/admin/billing/statements/{tenantId}/{period}/close", RouteAccess.AdminOnly, BillingEndpoints.Close)
            {
                Doc = new("Billing", "Close a tenant's month: its statement is final, later usage for it becomes an adjustment") { Responses = [new(200, "The balance, with the closed month", typeof(BalanceView)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("billing-grant", "POST", "/api/admin/tenants/{tenantId}/credits", RouteAccess.AdminOnly, BillingEndpoints.Grant)
            {
                Doc = new("Billing", "Grant credit to a tenant (paid or promotional)") { RequestBody = typeof(GrantCreditRequest), Responses = [new(200, "The new balance", typeof(BalanceView)), Problem400, Problem401, Problem403, Problem404] },
            },
            new("billing-reconcile", "GET", "/api/admin/billing/reconcile/{tenantId}", RouteAccess.AdminOnly, BillingEndpoints.Reconcile)
            {
                Doc = new("Billing", "Prove a tenant's ledger balances and matches the usage applied") { Responses = [new(200, "The reconciliation", typeof(Reconciliation)), Problem401, Problem403] },
            },
            new("billing-poison", "GET", "/api/admin/billing/poison", RouteAccess.AdminOnly, BillingEndpoints.Poison)
            {
                Doc = new("Billing", "Usage messages the billing worker gave up on") { Responses = [new(200, "Up to 32 messages", typeof(List<PoisonMessage>)), Problem401, Problem403] },
            },
            new("analytics-usage", "GET", "/api/analytics/usage", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, AnalyticsEndpoints.Usage)
            {
                Doc = new("Analytics", "This tenant's usage per hour or day: calls, errors, latency percentiles, credits spent") { Responses = [new(200, "The series", typeof(UsageSeries)), Problem400, Problem401], Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end"), new("agentId", typeof(string), "One agent"), new("tool", typeof(string), "One tool")] },
            },
            new("analytics-agent", "GET", "/api/analytics/agents/{agentId}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), AnalyticsEndpoints.Agent)
            {
                Doc = new("Analytics", "How one of your agents is used across tenants, and what it earned") { Responses = [new(200, "The series", typeof(UsageSeries)), Problem400, Problem401, Problem403, Problem404], Query = [new("granularity", typeof(string), "hour (default) or day"), new("from", typeof(string), "ISO 8601 start"), new("to", typeof(string), "ISO 8601 end")] },
            },
            new("webhooks-create", "POST", "/api/webhooks", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Create)
            {
                Doc = new("Webhooks", "Subscribe a URL to events (the signing secret is shown only in this response)") { RequestBody = typeof(CreateWebhookRequest), Responses = [new(201, "Created", typeof(CreatedWebhook)), Problem400, Problem401, Problem403, new(409, "Too many webhooks", typeof(ProblemDetails))] },
            },
            new("webhooks-list", "GET", "/api/webhooks", RouteAccess.TenantRoles(Designers), WebhookEndpoints.List)
            {
                Doc = new("Webhooks", "This tenant's webhooks (no secrets)") { Responses = [new(200, "The webhooks", typeof(List<Webhook>)), Problem401, Problem403] },
            },
            new("webhooks-get", "GET", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Get)
            {
                Doc = new("Webhooks", "One webhook, with why it was disabled if it was") { Responses = [new(200, "The webhook", typeof(Webhook)), Problem401, Problem403, Problem404] },
            },
            new("webhooks-delete", "DELETE", "/api/webhooks/{webhookId}", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Delete)
            {
                Doc = new("Webhooks", "Remove a webhook and its delivery log") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404] },
            },
            new("webhooks-test", "POST", "/api/webhooks/{webhookId}/test", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Test)
            {
                Doc = new("Webhooks", "Send a webhook.test event now; one that succeeds re-enables a disabled webhook") { Responses = [new(200, "How the try went", typeof(WebhookAttempt)), Problem401, Problem403, Problem404] },
            },
            new("webhooks-deliveries", "GET", "/api/webhooks/{webhookId}/deliveries", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Deliveries)
            {
                Doc = new("Webhooks", "The delivery log, newest first: one entry per try") { Responses = [new(200, "A page of tries", typeof(WebhookDeliveryPage)), Problem400, Problem401, Problem403, Problem404], Query = [new("limit", typeof(int), "1–100 (default 20)"), new("cursor", typeof(string), "nextCursor of the previous page")] },
            },
            new("webhooks-redeliver", "POST", "/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", RouteAccess.TenantRoles(Designers), WebhookEndpoints.Redeliver)
            {
                Doc = new("Webhooks", "Send the event of one logged try again, with a fresh retry schedule") { Responses = [new(202, "Queued", typeof(WebhookRedelivery)), Problem401, Problem403, Problem404, new(409, "The webhook is disabled", typeof(ProblemDetails))] },
            },
            new("admin-events", "GET", "/api/admin/events", RouteAccess.AdminOnly, EventEndpoints.Recent)
            {
                Doc = new("Platform", "Recent integration events (standalone host)") { Responses = [new(200, "Events, newest first", typeof(List<IntegrationEvent>)), Problem401, Problem403] },
            },
        ];
        byName = Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ApiRoute> Routes { get; }

    public ApiRoute Get(string name) => byName[name];
}

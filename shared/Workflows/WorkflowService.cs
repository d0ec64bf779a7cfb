using System.Text.Json;
using Marketplace.Tenancy;

namespace Marketplace.Workflows;

/// <summary>Versioned definitions: every save is validated whole; a version a run has used never changes again.</summary>
public sealed class WorkflowService(WorkflowStore store, WorkflowValidator validator, TimeProvider clock)
{
    public async Task<WorkflowVersion> CreateAsync(Caller caller, JsonElement document, CancellationToken ct)
    {
        var definition = await ValidateAsync(caller, document, ct);
        var now = clock.GetUtcNow();
        var tenantId = caller.TenantId!;
        var summary = new WorkflowSummary(tenantId, definition.Id, definition.Name, 1, WorkflowStatus.Active, now, now) { Description = definition.Description };
        var first = new WorkflowVersion(tenantId, definition.Id, 1, definition, now) { CreatedBy = caller.Principal };
        if (!await store.CreateAsync(summary, first, ct)) throw WorkflowRejection.Conflict($"Workflow '{definition.Id}' exists; add a version instead.");
        return first;
    }

    public async Task<WorkflowVersion> AddVersionAsync(Caller caller, string workflowId, JsonElement document, CancellationToken ct)
    {
        RequireId(document, workflowId);
        var definition = await ValidateAsync(caller, document, ct);
        while (true)
        {
            var (summary, etag) = await store.GetAsync(caller.TenantId!, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
            if (summary.Status == WorkflowStatus.Retired) throw WorkflowRejection.Conflict($"Workflow '{workflowId}' is retired.");
            var now = clock.GetUtcNow();
            var version = new WorkflowVersion(summary.TenantId, workflowId, summary.LatestVersion + 1, definition, now) { CreatedBy = caller.Principal };
            var next = summary with { LatestVersion = version.Version, Name = definition.Name, Description = definition.Description, UpdatedAt = now };
            if (await store.AddVersionAsync(next, etag, version, ct)) return version;
        }
    }

    /// <summary>Rewrites a version no run has used yet (fixing a draft); a used version is immutable (409).</summary>
    public async Task<WorkflowVersion> ReplaceVersionAsync(Caller caller, string workflowId, int number, JsonElement document, CancellationToken ct)
    {
        RequireId(document, workflowId);
        var definition = await ValidateAsync(caller, document, ct);
        var (summary, summaryETag) = await store.GetAsync(caller.TenantId!, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
        var (version, etag) = await store.GetVersionAsync(caller.TenantId!, workflowId, number, ct) ?? throw WorkflowRejection.NotFound($"No version {number} of '{workflowId}'.");
        if (version.InUse) throw WorkflowRejection.Conflict($"Version {number} has runs and cannot change; add a new version.");
        var now = clock.GetUtcNow();
        var replaced = version with { Definition = definition, CreatedAt = now, CreatedBy = caller.Principal };
        var latest = summary.LatestVersion == number ? summary with { Name = definition.Name, Description = definition.Description, UpdatedAt = now } : null;
        if (!await store.ReplaceVersionAsync(replaced, etag, latest, latest is null ? null : summaryETag, ct))
            throw WorkflowRejection.Conflict($"Version {number} changed meanwhile (or a run started using it); read it again.");
        return replaced;
    }

    public async Task<WorkflowView> GetAsync(string tenantId, string workflowId, CancellationToken ct)
    {
        var (summary, _) = await store.GetAsync(tenantId, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
        var (latest, _) = await store.GetVersionAsync(tenantId, workflowId, summary.LatestVersion, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
        return new WorkflowView(summary, latest);
    }

    /// <summary>Every version of a workflow; an unknown workflow is a 404, not an empty list.</summary>
    public async Task<IReadOnlyList<WorkflowVersion>> VersionsAsync(string tenantId, string workflowId, CancellationToken ct)
    {
        _ = await store.GetAsync(tenantId, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
        return await store.VersionsAsync(tenantId, workflowId, ct);
    }

    public async Task<WorkflowVersion> GetVersionAsync(string tenantId, string workflowId, int number, CancellationToken ct) =>
        (await store.GetVersionAsync(tenantId, workflowId, number, ct))?.Version ?? throw WorkflowRejection.NotFound($"No version {number} of '{workflowId}'.");

    public async Task<WorkflowSummary> RetireAsync(Caller caller, string workflowId, CancellationToken ct)
    {
        while (true)
        {
            var (summary, etag) = await store.GetAsync(caller.TenantId!, workflowId, ct) ?? throw WorkflowRejection.NotFound($"No workflow '{workflowId}'.");
            if (summary.Status == WorkflowStatus.Retired) return summary;
            var retired = summary with { Status = WorkflowStatus.Retired, UpdatedAt = clock.GetUtcNow() };
            if (await store.ReplaceSummaryAsync(retired, etag, ct)) return retired;
        }
    }

    /// <summary>Checks a definition as a save would (shape, agents, tools, references, limits), saving nothing.</summary>
    public async Task<WorkflowDefinition> ValidateAsync(Caller caller, JsonElement document, CancellationToken ct)
    {
        var (definition, errors) = await validator.ValidateAsync(caller, document, ct);
        if (errors.Count > 0 || definition is null)
            throw WorkflowRejection.Invalid(errors, $"The definition has {errors.Count} problem(s); nothing was saved.");
        return definition;
    }

    /// <summary>A version belongs to its workflow: a definition naming another id is refused before anything else.</summary>
    static void RequireId(JsonElement document, string workflowId)
    {
        if (document.ValueKind == JsonValueKind.Object && document.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() != workflowId)
            throw WorkflowRejection.Invalid([new("$.id", $"Must be '{workflowId}'.")], "The definition's id differs from the workflow's.");
    }
}

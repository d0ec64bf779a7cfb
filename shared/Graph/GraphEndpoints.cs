using Marketplace.Http;
using Marketplace.Registry;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Graph;

/// <summary>
/// Queries of the knowledge graph. A caller sees agents it may see in the registry (public ones and its own), and
/// only the runs its own tenant started; anything else is indistinguishable from nothing.
/// </summary>
public static class GraphEndpoints
{
    const int MaxIdLength = 200, DefaultLimit = 10, MaxLimit = 50;

    public static async Task<IResult> Collaborators(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var errors = new List<FieldError>();
        var limit = Limit(request, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        if (agentId.Length > MaxIdLength || await request.Service<AgentService>().FindAsync(request.Caller, agentId, request.Aborted) is null)
            return Problems.NotFound($"No agent '{agentId}'.");
        var index = request.Service<AgentSearchIndex>();
        // Ask for more than the page: collaborators the caller may not see are dropped after the query.
        var collaborators = (await request.Service<IKnowledgeGraph>().CollaboratorsAsync(agentId, Math.Min(limit * 4, 200), request.Aborted))
            .Select(c => (c.Runs, Listing: index.Find(c.AgentId)))
            .Where(c => c.Listing is not null && c.Listing.IsVisibleTo(request.Caller))
            .Take(limit)
            .Select(c => new CollaboratorView(c.Listing!.AgentId, c.Listing.Card.Name, c.Listing.PublisherTenantId, c.Runs))
            .ToList();
        return Results.Ok(new AgentCollaborators(agentId, collaborators));
    }

    public static async Task<IResult> Lineage(ApiRequest request)
    {
        var runId = request.Route("runId");
        var lineage = runId.Length > MaxIdLength ? null : await request.Service<IKnowledgeGraph>().LineageAsync(runId, request.Aborted);
        if (lineage is null || lineage.Run.TenantId is not { } owner || !request.Caller.CanActFor(owner))
            return Problems.NotFound($"No run '{runId}'.");
        var run = lineage.Run.Properties;
        return Results.Ok(new RunLineageView(runId, run.GetValueOrDefault("workflowId") ?? "", run.GetValueOrDefault("state") ?? "",
            lineage.Steps.Select(s => new LineageStepView(s.Order, s.TaskId, s.DependsOn)
            {
                StepPath = s.Properties.GetValueOrDefault("stepPath"),
                AgentId = s.AgentIds.FirstOrDefault(),
                SkillId = s.Properties.GetValueOrDefault("skillId"),
                State = s.Properties.GetValueOrDefault("stepState"),
            }).ToList())
        {
            Version = int.TryParse(run.GetValueOrDefault("version"), out var version) ? version : null,
        });
    }

    public static async Task<IResult> Recommendations(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var skill = request.Query("skill");
        if (string.IsNullOrWhiteSpace(skill) || skill.Length > MaxIdLength) errors.Add(new("skill", $"Required: a skill id or name of at most {MaxIdLength} characters."));
        var limit = Limit(request, errors);
        if (errors.Count > 0) return Problems.Validation(errors);
        return Results.Ok(await request.Service<Recommender>().RecommendAsync(request.Caller, skill!.Trim(), limit, request.Aborted));
    }

    static int Limit(ApiRequest request, List<FieldError> errors)
    {
        var limit = DefaultLimit;
        if (request.Query("limit") is { } raw && (!int.TryParse(raw, out limit) || limit is < 1 or > MaxLimit))
            errors.Add(new("limit", $"Must be an integer from 1 to {MaxLimit}."));
        return limit;
    }
}

using Marketplace.Http;
using Marketplace.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Graph;

/// <summary>
/// Queries of the knowledge graph. A caller sees agents it may see in the registry (public ones and its own), and
/// only the runs its own tenant started; anything else is indistinguishable from nothing.
/// </summary>
public sealed class GraphEndpoints(AgentService agents, AgentSearchIndex index, IKnowledgeGraph graph, Recommender recommender)
{
    const int MaxIdLength = 200, DefaultLimit = 10, MaxLimit = 50;

    public async Task<Results<Ok<AgentCollaborators>, InvalidProblem, NotFoundProblem>> Collaborators(ApiRequest request)
    {
        var agentId = request.Route("agentId");
        var errors = new List<FieldError>();
        var limit = Limit(request, errors);
        if (errors.Count > 0) return new InvalidProblem(errors);
        if (agentId.Length > MaxIdLength || await agents.FindAsync(request.Caller, agentId, request.Aborted) is null)
            return new NotFoundProblem($"No agent '{agentId}'.");
        // Ask for more than the page: collaborators the caller may not see are dropped after the query.
        var collaborators = (await graph.CollaboratorsAsync(agentId, Math.Min(limit * 4, 200), request.Aborted))
            .Select(c => (c.Runs, Listing: index.Find(c.AgentId)))
            .Where(c => c.Listing is not null && c.Listing.IsVisibleTo(request.Caller))
            .Take(limit)
            .Select(c => new CollaboratorView(c.Listing!.AgentId, c.Listing.Card.Name, c.Listing.PublisherTenantId, c.Runs))
            .ToList();
        return TypedResults.Ok(new AgentCollaborators(agentId, collaborators));
    }

    public async Task<Results<Ok<RunLineageView>, NotFoundProblem>> Lineage(ApiRequest request)
    {
        var runId = request.Route("runId");
        var lineage = runId.Length > MaxIdLength ? null : await graph.LineageAsync(runId, request.Aborted);
        if (lineage is null || lineage.Run.TenantId is not { } owner || !request.Caller.CanActFor(owner))
            return new NotFoundProblem($"No run '{runId}'.");
        var run = lineage.Run.Properties;
        return TypedResults.Ok(new RunLineageView(runId, run.GetValueOrDefault("workflowId") ?? "", run.GetValueOrDefault("state") ?? "",
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

    public async Task<Results<Ok<RecommendationPage>, InvalidProblem>> Recommendations(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var skill = request.Query("skill");
        if (string.IsNullOrWhiteSpace(skill) || skill.Length > MaxIdLength) errors.Add(new("skill", $"Required: a skill id or name of at most {MaxIdLength} characters."));
        var limit = Limit(request, errors);
        if (errors.Count > 0) return new InvalidProblem(errors);
        return TypedResults.Ok(await recommender.RecommendAsync(request.Caller, skill!.Trim(), limit, request.Aborted));
    }

    static int Limit(ApiRequest request, List<FieldError> errors)
    {
        var limit = DefaultLimit;
        if (request.Query("limit") is { } raw && (!int.TryParse(raw, out limit) || limit is < 1 or > MaxLimit))
            errors.Add(new("limit", $"Must be an integer from 1 to {MaxLimit}."));
        return limit;
    }
}

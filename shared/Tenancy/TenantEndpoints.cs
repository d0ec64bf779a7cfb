using Marketplace.Events;
using Marketplace.Hosting;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

public sealed class TenantEndpoints(ITenantStore tenants, IIntegrationEvents events, IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    public async Task<Results<Created<Tenant>, InvalidProblem, ConflictProblem>> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateTenantRequest>();
        var plans = options.Value.Plans;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors.Add(new("$.name", "Name must be 1–200 characters."));
        if (!plans.Contains(body.Plan)) errors.Add(new("$.plan", $"Unknown plan '{body.Plan}'. Plans: {string.Join(", ", plans)}."));
        if (body.Id is { } id && !Ids.IsValidSlug(id)) errors.Add(new("$.id", "Id must be 3–40 of a-z, 0-9 and '-', starting with a letter or digit."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        var tenant = new Tenant(body.Id ?? "t-" + Ids.Random(10), body.Name.Trim(), body.Plan, clock.GetUtcNow());
        if (!await tenants.CreateAsync(tenant, request.Aborted)) return new ConflictProblem($"Tenant '{tenant.Id}' already exists.");
        await events.PublishAsync(SystemEvents.TenantCreated(tenant), request.Aborted);
        var note = Audit.RouteAudit.Note(request);
        (note.TenantId, note.After) = (tenant.Id, new System.Text.Json.Nodes.JsonObject { ["name"] = tenant.Name, ["plan"] = tenant.Plan });
        return TypedResults.Created($"/api/tenants/{tenant.Id}", tenant);
    }

    public async Task<Results<Ok<Tenant>, NotFoundProblem>> Get(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        var tenant = request.Caller.CanActFor(tenantId) ? await tenants.GetAsync(tenantId, request.Aborted) : null;
        return tenant is null ? new NotFoundProblem($"No tenant '{tenantId}'.") : TypedResults.Ok(tenant);
    }
}

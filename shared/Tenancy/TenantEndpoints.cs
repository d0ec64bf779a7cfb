using Marketplace.Hosting;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Tenancy;

public static class TenantEndpoints
{
    public static async Task<IResult> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateTenantRequest>();
        var plans = request.Service<IOptions<MarketplaceOptions>>().Value.Plans;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors.Add(new("$.name", "Name must be 1–200 characters."));
        if (!plans.Contains(body.Plan)) errors.Add(new("$.plan", $"Unknown plan '{body.Plan}'. Plans: {string.Join(", ", plans)}."));
        if (body.Id is { } id && !Ids.IsValidSlug(id)) errors.Add(new("$.id", "Id must be 3–40 of a-z, 0-9 and '-', starting with a letter or digit."));
        if (errors.Count > 0) return Problems.Validation(errors);

        var tenant = new Tenant(body.Id ?? "t-" + Ids.Random(10), body.Name.Trim(), body.Plan, request.Service<TimeProvider>().GetUtcNow());
        if (!await request.Service<ITenantStore>().CreateAsync(tenant, request.Aborted))
            return Problems.Conflict($"Tenant '{tenant.Id}' already exists.");
        await request.Service<Events.IIntegrationEvents>().PublishAsync(Events.SystemEvents.TenantCreated(tenant), request.Aborted);
        var note = Audit.RouteAudit.Note(request);
        (note.TenantId, note.After) = (tenant.Id, new System.Text.Json.Nodes.JsonObject { ["name"] = tenant.Name, ["plan"] = tenant.Plan });
        return Results.Created($"/api/tenants/{tenant.Id}", tenant);
    }

    public static async Task<IResult> Get(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        var tenant = request.Caller.CanActFor(tenantId) ? await request.Service<ITenantStore>().GetAsync(tenantId, request.Aborted) : null;
        return tenant is null ? Problems.NotFound($"No tenant '{tenantId}'.") : Results.Ok(tenant);
    }
}

namespace Marketplace.Tenancy;

public sealed record Tenant(string Id, string Name, string Plan, DateTimeOffset CreatedAt);

public sealed record CreateTenantRequest(string Name, string Plan, string? Id = null);

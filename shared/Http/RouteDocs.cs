using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Http;

/// <summary>What the features' route lists share: the common problem responses and the role sets routes allow.</summary>
public static class RouteDocs
{
    public static readonly ApiResponseDoc Problem400 = new(400, "Invalid request", typeof(ProblemDetails));
    public static readonly ApiResponseDoc Problem401 = new(401, "Missing or invalid API key", typeof(ProblemDetails));
    public static readonly ApiResponseDoc Problem403 = new(403, "Role not allowed", typeof(ProblemDetails));
    public static readonly ApiResponseDoc Problem404 = new(404, "Not found", typeof(ProblemDetails));
    public static readonly ApiResponseDoc Problem409 = new(409, "Conflict", typeof(ProblemDetails));

    /// <summary>Every role but billing, which sees only money and usage (<see cref="Finance"/>).</summary>
    public static readonly Role[] AnyRole = [.. Enum.GetValues<Role>().Where(r => r != Role.Billing)];
    public static readonly Role[] Finance = [.. AnyRole, Role.Billing];
    public static readonly Role[] Publishers = [Role.Owner, Role.Publisher];
    public static readonly Role[] Designers = [Role.Owner, Role.Developer];
    public static readonly Role[] Runners = [Role.Owner, Role.Developer, Role.Agent];
}

using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Audit;

public sealed class AuditEndpoints(IAuditLog log)
{
    public async Task<Results<Ok<AuditPage>, InvalidProblem, NotFoundProblem>> List(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!request.Caller.CanActFor(tenantId)) return new NotFoundProblem($"No tenant '{tenantId}'.");
        var errors = new List<FieldError>();
        var limit = 50;
        if (request.Query("limit") is { } l && (!int.TryParse(l, out limit) || limit is < 1 or > 200)) errors.Add(new("limit", "limit must be 1–200."));
        DateTimeOffset? since = null;
        if (request.Query("since") is { } s)
        {
            if (DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)) since = parsed;
            else errors.Add(new("since", "since must be an ISO 8601 time."));
        }
        var cursor = request.Query("cursor");
        if (cursor is not null && !TableAuditLog.IsValidCursor(cursor)) errors.Add(new("cursor", "cursor must be a nextCursor of a previous page."));
        var action = request.Query("action");
        if (action is { Length: > 100 }) errors.Add(new("action", "action must be at most 100 characters."));
        var actor = request.Query("actor");
        if (actor is { Length: > Ids.MaxLength }) errors.Add(new("actor", $"actor must be at most {Ids.MaxLength} characters."));
        if (errors.Count > 0) return new InvalidProblem(errors);
        var page = await log.QueryAsync(tenantId, new AuditQuery(Blank(action), Blank(actor), since, limit, cursor), request.Aborted);
        return TypedResults.Ok(page);
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Search;

public sealed class SearchEndpoints(UnifiedSearch search)
{
    const int DefaultLimit = 20, MaxLimit = 100, MaxQuery = 500;

    public async Task<Results<Ok<UnifiedSearchPage>, InvalidProblem>> Search(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var q = request.Query("q");
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQuery) errors.Add(new("q", $"Required: what you are looking for, at most {MaxQuery} characters."));
        var limit = DefaultLimit;
        if (request.Query("limit") is { } rawLimit && (!int.TryParse(rawLimit, out limit) || limit is < 1 or > MaxLimit))
            errors.Add(new("limit", $"Must be an integer from 1 to {MaxLimit}."));
        var types = new HashSet<string>(SearchItemTypes.All, StringComparer.Ordinal);
        if (request.Query("types") is { } rawTypes)
        {
            types = rawTypes.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            if (types.Count == 0 || types.Any(t => !SearchItemTypes.All.Contains(t)))
                errors.Add(new("types", $"A comma-separated list of {string.Join(", ", SearchItemTypes.All)}."));
        }
        if (errors.Count > 0) return new InvalidProblem(errors);
        return TypedResults.Ok(await search.SearchAsync(request.Caller, q!, types, limit, request.Aborted));
    }
}

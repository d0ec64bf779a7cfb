using System.Globalization;
using System.Text;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Mcp.ServerRegistry;

/// <summary>
/// The MCP Registry API v0.1, read side: list servers (search by name, paged, filtered by update time and version),
/// a server's versions, one version (<c>latest</c> allowed). Anonymous callers see the hub; a tenant's keys also see
/// its federated servers. Bad queries are problem documents.
/// </summary>
public sealed class RegistryEndpoints(RegistryCatalog catalog)
{
    const int DefaultLimit = 30, MaxLimit = 100, MaxSearch = 200;

    public async Task<Results<Ok<RegistryServerList>, InvalidProblem>> List(ApiRequest request)
    {
        var errors = new List<FieldError>();
        var limit = DefaultLimit;
        if (request.Query("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors.Add(new("limit", $"An integer from 1 to {MaxLimit}."));
        string? after = null;
        if (request.Query("cursor") is { } c && (after = DecodeCursor(c)) is null) errors.Add(new("cursor", "Not a cursor this API returned."));
        var search = request.Query("search");
        if (search is { Length: > MaxSearch }) errors.Add(new("search", $"At most {MaxSearch} characters."));
        DateTimeOffset? since = null;
        if (request.Query("updated_since") is { } u)
        {
            if (DateTimeOffset.TryParse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) since = parsed;
            else errors.Add(new("updated_since", "An RFC 3339 date-time, e.g. 2025-08-07T13:15:04Z."));
        }
        var version = request.Query("version");
        if (version is { Length: 0 or > 255 }) errors.Add(new("version", "'latest' or an exact version."));
        if (request.Query("include_deleted") is { } d && d is not ("true" or "false")) errors.Add(new("include_deleted", "true or false."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        // Every listed server has one version, the latest, and none is deleted: include_deleted changes nothing.
        var matching = (await catalog.VisibleAsync(request.Caller, request.Aborted))
            .Where(s => search is null || s.Server.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Where(s => since is null || s.Meta!.Official!.UpdatedAt >= since)
            .Where(s => version is null || (version == "latest" ? s.Meta!.Official!.IsLatest : s.Server.Version == version))
            .Where(s => after is null || string.CompareOrdinal(s.Server.Name, after) > 0)
            .Take(limit + 1).ToList();
        var page = matching.Take(limit).ToList();
        return TypedResults.Ok(new RegistryServerList(page, new RegistryListMetadata(page.Count)
        {
            NextCursor = matching.Count > limit ? EncodeCursor(page[^1].Server.Name) : null,
        }));
    }

    public async Task<Results<Ok<RegistryServerList>, NotFoundProblem>> Versions(ApiRequest request)
    {
        var name = ServerName(request);
        var server = name is null ? null : await catalog.FindAsync(request.Caller, name, request.Aborted);
        return server is null ? NoServer(name) : TypedResults.Ok(new RegistryServerList([server], new RegistryListMetadata(1)));
    }

    public async Task<Results<Ok<RegistryServerResponse>, NotFoundProblem>> Version(ApiRequest request)
    {
        var name = ServerName(request);
        var version = Uri.UnescapeDataString(request.Route("version"));
        var server = name is null ? null : await catalog.FindAsync(request.Caller, name, request.Aborted);
        if (server is null) return NoServer(name);
        return version == "latest" || version == server.Server.Version ? TypedResults.Ok(server) : new NotFoundProblem($"No version '{version}' of '{name}'.");
    }

    static NotFoundProblem NoServer(string? name) => new($"No server '{name}'.");

    /// <summary>The path carries the name URL-encoded (<c>com.example%2Fweather</c>), as the Registry API asks.</summary>
    static string? ServerName(ApiRequest request)
    {
        var name = Uri.UnescapeDataString(request.Route("serverName"));
        return name.Length is >= 3 and <= 200 ? name : null;
    }

    static string EncodeCursor(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    static string? DecodeCursor(string cursor)
    {
        try
        {
            var name = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return name.Length > 0 ? name : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

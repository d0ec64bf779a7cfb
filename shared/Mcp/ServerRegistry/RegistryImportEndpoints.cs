using Marketplace.Serialization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Mcp.ServerRegistry;

/// <summary>
/// Federates servers listed by another MCP registry: reads <c>{registryUrl}/v0.1/servers/{name}/versions/latest</c>
/// for each name through the SSRF guard, takes its streamable-http remote (itself guarded), and registers it as
/// <c>POST /api/mcp-servers</c> would, with the same pinning. All or nothing: any failure undoes what was registered.
/// </summary>
public sealed partial class RegistryImportEndpoints(IMcpServerStore servers, McpServerSyncs syncs, CardFetcher fetcher, ToolSecrets secrets, SsrfGuard guard, TimeProvider clock)
{
    const int MaxNames = 10;

    public async Task<Results<Created<McpServerImport>, InvalidProblem, ConflictProblem, UpstreamProblem>> Import(ApiRequest request)
    {
        var body = await request.BodyAsync<ImportMcpServersRequest>();
        var tenantId = request.Caller.TenantId!;
        var errors = new List<FieldError>();
        if (!guard.TryValidateUrl(body.RegistryUrl, out _, out var urlError)) errors.Add(new("$.registryUrl", urlError));
        if (body.Names is not { Count: > 0 and <= MaxNames }) errors.Add(new("$.names", $"1 to {MaxNames} server names."));
        var prefixes = new List<string>();
        for (var i = 0; i < (body.Names?.Count ?? 0) && i < MaxNames; i++)
        {
            var name = body.Names![i];
            if (name is not { Length: >= 3 and <= 200 } || !ServerName().IsMatch(name)) { errors.Add(new($"$.names[{i}]", "A server name: reverse-DNS namespace, '/', name (e.g. com.example/weather).")); prefixes.Add(""); continue; }
            var prefix = PrefixFor(name);
            if (BuiltIn.MarketplaceTools.IsReserved(prefix)) errors.Add(new($"$.names[{i}]", $"Its prefix '{prefix}' names the marketplace's own tools."));
            else if (prefixes.Contains(prefix)) errors.Add(new($"$.names[{i}]", $"Its prefix '{prefix}' is that of another name here."));
            prefixes.Add(prefix);
        }
        ToolValidation.Headers(body.Headers, "$.headers", tenantId, secrets, errors);
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        if (errors.Count > 0) return new InvalidProblem(errors);

        // Read every entry before writing anything.
        var registryUrl = body.RegistryUrl.TrimEnd('/');
        var entries = new List<(RegistryServer Server, RegistryRemote Remote)>();
        for (var i = 0; i < body.Names!.Count; i++)
        {
            var (entry, unreadable, refused) = await ReadEntryAsync(request, registryUrl, body.Names[i], $"$.names[{i}]", body.Headers ?? []);
            if (unreadable is not null) return unreadable;
            if (refused is not null) return new InvalidProblem([refused]);
            entries.Add(entry);
        }

        var now = clock.GetUtcNow();
        var imported = new List<ImportedMcpServer>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (server, remote) = entries[i];
            var registration = new McpServerRegistration(tenantId, prefixes[i], remote.Url, body.Headers ?? [], now)
            {
                Grant = body.Grant, ImportedFrom = new ImportedServer(registryUrl, server.Name, server.Version),
            };
            if (!await servers.CreateAsync(registration, request.Aborted))
            {
                await UndoAsync(tenantId, imported);
                return new ConflictProblem($"A server with prefix '{prefixes[i]}' exists (from '{server.Name}').");
            }
            var (sync, syncProblem) = await syncs.SyncOrUndoAsync(registration, body.Approve, request.Aborted);
            if (syncProblem is not null)
            {
                await UndoAsync(tenantId, imported);
                return syncProblem;
            }
            imported.Add(new ImportedMcpServer(server.Name, server.Version, prefixes[i], remote.Url, sync!));
        }
        return TypedResults.Created("/api/mcp-servers", new McpServerImport(imported));
    }

    /// <summary>The entry and its remote; or why not: the registry could not be read (502), or the entry cannot be imported (a field error).</summary>
    async Task<((RegistryServer, RegistryRemote) Entry, UpstreamProblem? Unreadable, FieldError? Refused)> ReadEntryAsync(
        ApiRequest request, string registryUrl, string name, string path, IReadOnlyList<ToolHeader> headers)
    {
        var url = $"{registryUrl}/v0.1/servers/{Uri.EscapeDataString(name)}/versions/latest";
        var (document, failure) = await fetcher.TryGetJsonAsync(url, $"registry entry of '{name}'", request.Aborted);
        if (document is null) return (default, new UpstreamProblem(failure!), null);
        RegistryServerResponse? response;
        try
        {
            response = document.Value.Deserialize<RegistryServerResponse>(Json.Lenient);
        }
        catch (JsonException)
        {
            response = null;
        }
        if (response?.Server is not { } server || server.Name != name)
            return (default, new UpstreamProblem($"The registry's answer for '{name}' is not its server.json."), null);
        var remote = server.Remotes?.FirstOrDefault(r => r.Type == "streamable-http");
        if (remote is null) return (default, null, new(path, "The server has no streamable-http remote: the hub federates remote servers only."));
        if (remote.Url.Contains('{')) return (default, null, new(path, "Its remote URL takes variables, which an import cannot fill: register it with POST /api/mcp-servers."));
        if (!guard.TryValidateUrl(remote.Url, out _, out var error)) return (default, null, new(path, $"Its remote URL is refused: {error}"));
        var missing = (remote.Headers ?? []).Where(h => h.IsRequired == true && !headers.Any(given => string.Equals(given.Name, h.Name, StringComparison.OrdinalIgnoreCase))).Select(h => h.Name).ToList();
        if (missing.Count > 0) return (default, null, new("$.headers", $"'{name}' needs the header(s) {string.Join(", ", missing)}."));
        return ((server, remote), null, null);
    }

    async Task UndoAsync(string tenantId, IEnumerable<ImportedMcpServer> imported)
    {
        foreach (var done in imported) await syncs.RemoveAsync(tenantId, done.Prefix);
    }

    /// <summary>The part after the slash, with what a prefix may not hold made '-' and cut to 32 characters.</summary>
    static string PrefixFor(string name)
    {
        var local = name[(name.IndexOf('/') + 1)..];
        var prefix = string.Concat(local.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-'));
        return prefix.Length > 32 ? prefix[..32] : prefix;
    }

    [GeneratedRegex("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    private static partial Regex ServerName();
}

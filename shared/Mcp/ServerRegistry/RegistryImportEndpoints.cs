using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Mcp.ServerRegistry;

/// <summary>
/// Federates servers listed by another MCP registry: reads <c>{registryUrl}/v0.1/servers/{name}/versions/latest</c>
/// for each name through the SSRF guard, takes its streamable-http remote (itself guarded), and registers it as
/// <c>POST /api/mcp-servers</c> would, with the same pinning. All or nothing: any failure undoes what was registered.
/// </summary>
public static partial class RegistryImportEndpoints
{
    const int MaxNames = 10;

    public static async Task<IResult> Import(ApiRequest request)
    {
        var body = await request.BodyAsync<ImportMcpServersRequest>();
        var tenantId = request.Caller.TenantId!;
        var guard = request.Service<SsrfGuard>();
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
        ToolValidation.Headers(body.Headers, "$.headers", tenantId, request.Service<ToolSecrets>(), errors);
        ToolValidation.Grant(body.Grant, "$.grant", errors);
        if (errors.Count > 0) return Problems.Validation(errors);

        // Read every entry before writing anything.
        var registryUrl = body.RegistryUrl.TrimEnd('/');
        var entries = new List<(RegistryServer Server, RegistryRemote Remote)>();
        for (var i = 0; i < body.Names!.Count; i++)
        {
            var (entry, problem) = await ReadEntryAsync(request, guard, registryUrl, body.Names[i], $"$.names[{i}]", body.Headers ?? []);
            if (problem is not null) return problem;
            entries.Add(entry);
        }

        var store = request.Service<IMcpServerStore>();
        var now = request.Service<TimeProvider>().GetUtcNow();
        var imported = new List<ImportedMcpServer>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (server, remote) = entries[i];
            var registration = new McpServerRegistration(tenantId, prefixes[i], remote.Url, body.Headers ?? [], now)
            {
                Grant = body.Grant, ImportedFrom = new ImportedServer(registryUrl, server.Name, server.Version),
            };
            if (!await store.CreateAsync(registration, request.Aborted))
            {
                await UndoAsync(request, imported);
                return Problems.Conflict($"A server with prefix '{prefixes[i]}' exists (from '{server.Name}').");
            }
            var (sync, syncProblem) = await McpServerEndpoints.SyncOrUndoAsync(request, registration, body.Approve);
            if (syncProblem is not null)
            {
                await UndoAsync(request, imported);
                return syncProblem;
            }
            imported.Add(new ImportedMcpServer(server.Name, server.Version, prefixes[i], remote.Url, sync!));
        }
        return Results.Created("/api/mcp-servers", new McpServerImport(imported));
    }

    static async Task<((RegistryServer, RegistryRemote) Entry, IResult? Problem)> ReadEntryAsync(
        ApiRequest request, SsrfGuard guard, string registryUrl, string name, string path, IReadOnlyList<ToolHeader> headers)
    {
        var url = $"{registryUrl}/v0.1/servers/{Uri.EscapeDataString(name)}/versions/latest";
        var (document, failure) = await request.Service<CardFetcher>().TryGetJsonAsync(url, $"registry entry of '{name}'", request.Aborted);
        if (document is null) return (default, Problems.BadGateway(failure!));
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
            return (default, Problems.BadGateway($"The registry's answer for '{name}' is not its server.json."));
        var remote = server.Remotes?.FirstOrDefault(r => r.Type == "streamable-http");
        if (remote is null) return (default, Problems.Validation([new(path, "The server has no streamable-http remote: the hub federates remote servers only.")]));
        if (remote.Url.Contains('{')) return (default, Problems.Validation([new(path, "Its remote URL takes variables, which an import cannot fill: register it with POST /api/mcp-servers.")]));
        if (!guard.TryValidateUrl(remote.Url, out _, out var error)) return (default, Problems.Validation([new(path, $"Its remote URL is refused: {error}")]));
        var missing = (remote.Headers ?? []).Where(h => h.IsRequired == true && !headers.Any(given => string.Equals(given.Name, h.Name, StringComparison.OrdinalIgnoreCase))).Select(h => h.Name).ToList();
        if (missing.Count > 0) return (default, Problems.Validation([new("$.headers", $"'{name}' needs the header(s) {string.Join(", ", missing)}.")]));
        return ((server, remote), null);
    }

    static async Task UndoAsync(ApiRequest request, IEnumerable<ImportedMcpServer> imported)
    {
        foreach (var done in imported)
        {
            await request.Service<IMcpServerStore>().DeleteAsync(request.Caller.TenantId!, done.Prefix, CancellationToken.None);
            await McpServerEndpoints.RemoveToolsAsync(request, request.Caller.TenantId!, done.Prefix);
        }
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

using System.Text.Json;
using Marketplace.Registry;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// Talks to tenants' federated MCP servers with the official client, through the SSRF-guarded HTTP client and with
/// the tenant's configured headers only: the hub's own caller credentials never travel upstream.
/// Definitions are pinned: <see cref="SyncAsync"/> records what changed, and every proxied call checks the live
/// definition against the approved hash first, so a changed tool is blocked even before anyone syncs.
/// </summary>
public sealed class FederatedServers(IHttpMessageHandlerFactory handlers, ToolSecrets secrets, IToolStore tools, Events.IIntegrationEvents events, TimeProvider clock, ILoggerFactory logging)
{
    public const int MaxResultBytes = 1024 * 1024;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string ToolName(string prefix, string upstreamName) => $"{prefix}.{upstreamName}";

    async Task<McpClient> ConnectAsync(McpServerRegistration server, CancellationToken ct)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Url),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = secrets.Resolve(server.TenantId, server.Headers).ToDictionary(h => h.Key, h => h.Value),
            ConnectionTimeout = Timeout,
        }, Client(), logging, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "agent-marketplace-hub", Version = "1.0" },
            InitializationTimeout = Timeout,
        }, logging, ct);
    }

    /// <summary>
    /// The outbound client (SSRF guard, pooled connections, retries of what is marked safe) behind the marker of MCP
    /// reads. Disposing it leaves the factory's handler alone: the factory tracks that handler's lifetime itself.
    /// </summary>
    HttpClient Client() => new(new McpReadMarker { InnerHandler = handlers.CreateHandler(CardFetcher.ClientName) }, disposeHandler: true);

    static async Task<IList<Tool>> ListAsync(McpClient client, CancellationToken ct) =>
        (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.ProtocolTool).ToList();

    static string Hash(string prefix, Tool tool) =>
        ToolDefinitions.Hash(ToolName(prefix, tool.Name), tool.Description ?? "", tool.InputSchema, tool.OutputSchema);

    /// <summary>Brings the registry in line with the server: new tools added (approved if asked), changed ones blocked, gone ones removed.</summary>
    /// <returns>What changed, and the <c>serverInfo.version</c> the server reported.</returns>
    public async Task<(McpServerSync Sync, string? ServerVersion)> SyncAsync(McpServerRegistration server, bool approveNew, CancellationToken ct)
    {
        IList<Tool> upstream;
        string? version;
        await using (var client = await ConnectAsync(server, ct))
        {
            upstream = await ListAsync(client, ct);
            version = client.ServerInfo?.Version;
        }
        var now = clock.GetUtcNow();
        var existing = (await tools.ListAsync(server.TenantId, ct)).Where(t => t.Upstream?.Server == server.Prefix).ToDictionary(t => t.Name);
        List<string> added = [], changed = [];
        var unchanged = 0;
        foreach (var tool in upstream)
        {
            var name = ToolName(server.Prefix, tool.Name);
            if (!ToolEndpoints.IsValidName(name)) continue; // too long with the prefix: not servable under MCP's name rules
            var hash = Hash(server.Prefix, tool);
            if (existing.Remove(name, out var known))
            {
                if (known.DefinitionHash == hash) { unchanged++; continue; }
                await tools.UpdateAsync(server.TenantId, name, t => Describe(t, tool) with { DefinitionHash = hash }, ct);
                await AnnounceBlockedAsync(known, hash, now, ct);
                changed.Add(name);
                continue;
            }
            var registered = Describe(new RegisteredTool(server.TenantId, name, "", tool.InputSchema, now), tool) with
            {
                Upstream = new UpstreamToolSpec(server.Prefix, tool.Name),
                Grant = server.Grant,
                DefinitionHash = hash,
                ApprovedHash = approveNew ? hash : null,
                ApprovedAt = approveNew ? now : null,
            };
            if (approveNew) registered = registered with { ApprovedDefinition = ToolDefinition.Of(registered) };
            if (await tools.CreateAsync(registered, ct)) added.Add(name);
        }
        foreach (var gone in existing.Keys) await tools.DeleteAsync(server.TenantId, gone, ct);
        return (new McpServerSync(server.Prefix, added, changed, existing.Keys.ToList(), unchanged, now), version);
    }

    /// <summary>An approved tool whose definition drifted is blocked from now on: its tenant hears of it once per new definition.</summary>
    async Task AnnounceBlockedAsync(RegisteredTool known, string newHash, DateTimeOffset at, CancellationToken ct)
    {
        if (known.ApprovedHash is not null && known.ApprovedHash != newHash && known.Upstream is { } upstream)
            await events.PublishAsync(Events.ToolEvents.Blocked(known, upstream.Server, newHash, at), ct);
    }

    static RegisteredTool Describe(RegisteredTool registered, Tool tool) =>
        registered with { Description = tool.Description ?? "", InputSchema = tool.InputSchema, OutputSchema = tool.OutputSchema };

    /// <summary>Proxies one call after checking the tool's live definition is the approved one.</summary>
    public async Task<CallToolResult> CallAsync(McpServerRegistration server, RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var client = await ConnectAsync(server, timeout.Token);
            var live = (await ListAsync(client, timeout.Token)).FirstOrDefault(t => t.Name == tool.Upstream!.ToolName);
            if (live is null) return ToolResults.Error("The upstream server no longer offers this tool.");
            var hash = Hash(server.Prefix, live);
            if (hash != tool.ApprovedHash)
            {
                // Record the drift so the registry shows the tool blocked until someone re-approves it.
                await tools.UpdateAsync(tool.TenantId, tool.Name, t => Describe(t, live) with { DefinitionHash = hash }, ct);
                await AnnounceBlockedAsync(tool, hash, clock.GetUtcNow(), ct);
                return ToolResults.Error("The tool's definition changed upstream; it is blocked until an owner or developer re-approves it.");
            }
            var result = await client.CallToolAsync(new CallToolRequestParams { Name = live.Name, Arguments = arguments.ToDictionary() }, timeout.Token);
            return JsonSerializer.SerializeToUtf8Bytes(result).Length > MaxResultBytes
                ? ToolResults.Error($"The tool's result is larger than {MaxResultBytes} bytes.")
                : result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ToolResults.Error($"The upstream server did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or McpException or MissingToolSecretException or IOException)
        {
            return ToolResults.Error($"The upstream server could not be reached: {Describe(ex)}.");
        }
    }

    /// <summary>A failure talking to the server in fixed words: never an exception's text (addresses, .NET types).</summary>
    public static string Describe(Exception exception) => exception switch
    {
        MissingToolSecretException missing => missing.Message.TrimEnd('.'),
        McpProtocolException protocol => $"it answered with JSON-RPC error {(int)protocol.ErrorCode}",
        McpException => "it did not answer as an MCP server",
        _ => Security.OutboundFailure.Describe(exception),
    };
}

using Marketplace.Serialization;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Mcp.OAuth;
using Marketplace.RateLimiting;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Marketplace.Mcp;

public sealed class McpOptions
{
    public const string Section = "Mcp";

    /// <summary>Browser origins allowed to call <c>/mcp</c> besides the marketplace's own.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Host names <c>/mcp</c> answers to besides loopback and the public base URL's (DNS-rebinding defence).</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Largest JSON-RPC request accepted.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Tools per <c>tools/list</c> page.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int PageSize { get; set; } = 100;
}

/// <summary>
/// The MCP endpoint: validates Origin and Host (the SDK does not), resolves the caller's tenant from its key or
/// OAuth access token, then hands the request to the official SDK's Streamable HTTP handler, captured once from its
/// own endpoint mapping so the Functions wrapper and the standalone host invoke exactly the same delegate.
/// </summary>
public sealed class McpEndpoint(
    IServiceProvider services, Authenticator authenticator, PlanRateLimits limits,
    IOptions<McpOptions> options, IOptions<Identity.IdentityOptions> identity, IOptions<Hosting.MarketplaceOptions> marketplace)
{
    readonly Lazy<RequestDelegate> sdk = new(() => Capture(services));

    public Task<IResult> Handle(ApiRequest request) => HandleAsync(request.Http, request.Durable);

    /// <summary>A 405 with <c>Allow: POST</c>, in JSON-RPC's error shape so an MCP client reports it as such.</summary>
    public static Task<IResult> MethodNotAllowed(ApiRequest request)
    {
        request.Http.Response.Headers.Allow = "POST";
        return Task.FromResult(Refuse(StatusCodes.Status405MethodNotAllowed, $"{request.Http.Request.Method} is not served: this endpoint is stateless; POST JSON-RPC requests."));
    }

    async Task<IResult> HandleAsync(HttpContext http, DurableTaskClient durable)
    {
        if (!HostAllowed(http)) return Refuse(StatusCodes.Status403Forbidden, "Host not allowed.");
        if (!OriginAllowed(http)) return Refuse(StatusCodes.Status403Forbidden, "Origin not allowed.");
        var (caller, failure) = await authenticator.AuthenticateAsync(http);
        if (failure is { Status: 403 }) return Refuse(StatusCodes.Status403Forbidden, failure.Description);
        if (caller is null || !caller.IsAuthenticated)
        {
            http.Response.Headers.WWWAuthenticate = ProtectedResource.Challenge(identity.Value, marketplace.Value, failure is { InvalidToken: true } ? failure.Description : null);
            return Refuse(StatusCodes.Status401Unauthorized, failure?.Description ?? "Send a valid marketplace API key (X-API-Key or Authorization: Bearer) or access token.");
        }
        if (caller.TenantId is null)
            return Refuse(StatusCodes.Status403Forbidden, caller.IsSignedIn ? "You are not a member of any tenant: tools belong to tenants." : "Tools belong to tenants; use a tenant's key, not the platform admin key.");
        if (caller.Role == Role.Billing) return Refuse(StatusCodes.Status403Forbidden, "The billing role sees statements and usage; it cannot use tools.");
        if (!caller.HasScope(KeyScopes.AgentsCall)) return Refuse(StatusCodes.Status403Forbidden, $"This key's scopes do not include {KeyScopes.AgentsCall}.");
        if (await limits.CheckAsync(caller, RateScope.Tenant, null, http.RequestAborted) is { } limit)
        {
            PlanRateLimits.WriteHeaders(http.Response, limit);
            if (!limit.Decision.Allowed) return Refuse(StatusCodes.Status429TooManyRequests, $"The plan allows {limit.Policy.Limit} requests per minute.");
        }
        if (await CheckJsonAsync(http) is { } invalid) return invalid;
        http.Items[McpCall.ItemKey] = new McpCall(caller, durable);
        try
        {
            await sdk.Value(http);
        }
        catch (System.Text.Json.JsonException) when (!http.Response.HasStarted)
        {
            // The SDK reads some requests' params (initialize's) outside any handler, and lets a mistyped one escape.
            return Refuse(StatusCodes.Status400BadRequest, "Invalid params: the request's params do not have the method's shape.", -32602);
        }
        return Results.Empty;
    }

    /// <summary>
    /// Caps the body (on both hosts, whatever the server's own limit) and answers unparseable JSON with JSON-RPC's
    /// parse error, -32700, which the SDK would report as an invalid request. The SDK then reads the buffered body.
    /// </summary>
    async Task<IResult?> CheckJsonAsync(HttpContext http)
    {
        if (!IsJson(http.Request.ContentType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type: send application/json.");
        var tooLarge = Refuse(StatusCodes.Status413PayloadTooLarge, $"The request is larger than {options.Value.MaxRequestBytes} bytes.");
        if (http.Request.ContentLength > options.Value.MaxRequestBytes) return tooLarge;
        byte[]? bytes;
        try
        {
            bytes = await CappedRead.ReadAsync(http.Request.Body, options.Value.MaxRequestBytes, http.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own body limit or a broken body: still an answer an MCP client can read.
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : Refuse(ex.StatusCode, "The request body could not be read.");
        }
        if (bytes is null) return tooLarge;
        switch (Json.Check(bytes))
        {
            case JsonCheck.NotJson: return Refuse(StatusCodes.Status400BadRequest, "Parse error: the body is not valid JSON.", -32700);
            case JsonCheck.DuplicateMembers: return Refuse(StatusCodes.Status400BadRequest, "Invalid request: a JSON object repeats a member name.");
        }
        http.Request.Body = new MemoryStream(bytes, writable: false);
        return null;
    }

    static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    bool HostAllowed(HttpContext http)
    {
        var host = http.Request.Host.Host;
        if (host is "localhost" or "127.0.0.1" or "[::1]" or "::1") return true;
        if (marketplace.Value.PublicBaseUrl is { } publicBase && Uri.TryCreate(publicBase, UriKind.Absolute, out var uri) && uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase))
            return true;
        return options.Value.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
    }

    bool OriginAllowed(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return true; // not a browser
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        return uri.Authority.Equals(http.Request.Host.Value, StringComparison.OrdinalIgnoreCase) || options.Value.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A JSON-RPC error body, so MCP clients report the reason; no id, as the request was not read.</summary>
    static IResult Refuse(int status, string message, int code = -32600) =>
        Results.Json(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = null, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);

    static RequestDelegate Capture(IServiceProvider services)
    {
        var routes = new CapturingRoutes(services);
        routes.MapMcp();
        return routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true).RequestDelegate!;
    }

    sealed class CapturingRoutes(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;
        public ICollection<EndpointDataSource> DataSources { get; } = [];
        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}

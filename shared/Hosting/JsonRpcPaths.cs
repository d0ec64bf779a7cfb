using Microsoft.AspNetCore.Http;

namespace Marketplace.Hosting;

/// <summary>
/// The JSON-RPC endpoints (MCP, and the A2A JSON-RPC binding of each agent and orchestrator): answers the host gives
/// on its own there must be JSON-RPC error objects, which is what their clients read.
/// </summary>
public static class JsonRpcPaths
{
    public static bool Matches(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.Equals("/mcp", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/mcp/", StringComparison.OrdinalIgnoreCase)) return true;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["a2a", "agents" or "workflows", _];
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new System.Text.Json.Nodes.JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = null, ["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = -32600, ["message"] = message },
        }, statusCode: status);
}

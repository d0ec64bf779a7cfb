using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;

namespace Marketplace.Mcp;

/// <summary>
/// What the MCP endpoint hands the SDK's per-request configuration (<see cref="McpHub.ConfigureAsync"/>) in the
/// request's items: the authenticated caller, and the Durable client of the invocation, with which tool calls that
/// reach the gateway or start runs start their orchestrations.
/// </summary>
public sealed record McpCall(Caller Caller, DurableTaskClient Durable)
{
    public const string ItemKey = "Marketplace.McpCall";
}

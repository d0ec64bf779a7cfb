using System.Text.Json;
using Marketplace.A2A.Gateway;
using Marketplace.A2A.Protocol;
using Marketplace.Errors;
using Marketplace.Tenancy;
using Microsoft.DurableTask.Client;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// The A2A→MCP translation: a skill tool's call becomes an A2A <c>SendMessage</c> through the marketplace's own
/// gateway (so tasks, usage and tenant isolation are the gateway's), and the task's artifacts become MCP content.
/// </summary>
public sealed class AgentSkillInvoker(GatewayHandlerFactory gateway)
{
    /// <param name="durable">The operation's Durable client: a task that waits for input or keeps working is followed by its lifecycle.</param>
    public async Task<CallToolResult> CallAsync(Caller caller, AgentSkillSpec skill, string baseUrl,
        IReadOnlyDictionary<string, JsonElement> arguments, DurableTaskClient durable, CancellationToken ct)
    {
        var text = arguments.TryGetValue("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : JsonSerializer.Serialize(arguments);
        var message = new Message("mcp-" + Guid.NewGuid().ToString("N"), MessageRole.User, [Part.FromText(text)])
        {
            // The skill to run, as a hint in metadata: A2A has no standard field for it.
            Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["skill"] = skill.SkillId }),
        };
        SendMessageResponse response;
        try
        {
            var handler = await gateway.CreateForCallerAsync(caller, skill.AgentId, baseUrl, durable, ct);
            response = await handler.SendMessageAsync(new SendMessageRequest(message), ct);
        }
        catch (A2AError error)
        {
            return ToolResults.Error($"The agent could not run the skill: {error.Message}");
        }
        catch (DomainException refusal)
        {
            // The gateway's own refusals (credit, quota) before the agent is contacted.
            return ToolResults.Error($"The agent could not run the skill: {refusal.Error.Detail}");
        }
        if (response.Message is { } reply) return Content(reply.Parts, isError: false);
        var task = response.Task!;
        return task.Status.State switch
        {
            TaskState.Completed => Content((task.Artifacts ?? []).SelectMany(a => a.Parts).ToList(), isError: false),
            TaskState.InputRequired or TaskState.AuthRequired => ToolResults.Error(
                $"The agent needs more input (task {task.Id}): {StatusText(task)}"),
            _ => ToolResults.Error($"The agent's task ended {task.Status.State}: {StatusText(task)}"),
        };
    }

    static string StatusText(AgentTask task) => string.Join(" ", task.Status.Message?.Parts.Select(p => p.Text).Where(x => x is not null) ?? []);

    /// <summary>Text parts become text content; data parts become JSON text, the first object also structured content.</summary>
    static CallToolResult Content(IReadOnlyList<Part> parts, bool isError)
    {
        var blocks = new List<ContentBlock>();
        JsonElement? structured = null;
        foreach (var part in parts)
        {
            if (part.Text is { } text) blocks.Add(new TextContentBlock { Text = text });
            else if (part.Data is { } data)
            {
                blocks.Add(new TextContentBlock { Text = data.GetRawText() });
                if (structured is null && data.ValueKind == JsonValueKind.Object) structured = data;
            }
            else if (part.Url is { } url) blocks.Add(new TextContentBlock { Text = url });
        }
        return new CallToolResult { Content = blocks, StructuredContent = structured, IsError = isError };
    }
}

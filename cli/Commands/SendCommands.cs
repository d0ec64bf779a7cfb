using System.CommandLine;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

/// <summary>The outcome of <c>mkt send</c>: the task it started (or the agent's direct reply).</summary>
public sealed record SentMessage(string AgentId, AgentTask? Task, Message? Message);

public static class SendCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Send(CliHost host, Globals globals)
    {
        var agent = new Argument<string>("agent") { Description = "Agent id (or exact name)" };
        var text = new Argument<string>("text") { Description = "The message" };
        var skill = new Option<string?>("--skill") { Description = "The skill to ask for" };
        var stream = new Option<bool>("--stream") { Description = "Print status updates and artifacts as they arrive (with -o json: one JSON event per line)" };
        var file = new Option<FileInfo[]>("--file") { Description = "Attach a file (repeatable)", AllowMultipleArgumentsPerToken = false };
        var contextId = new Option<string?>("--context") { Description = "Continue this conversation (context id)" };
        var task = new Option<string?>("--task") { Description = "Continue this task (e.g. one waiting for input)" };
        var command = new Command("send", "Send a message to an agent through the marketplace (A2A) and print its answer and task id.")
            { agent, text, skill, stream, file, contextId, task }
            .Describe("mkt send \"Text Analyst\" \"Cats purr. Dogs bark.\" --skill keywords --stream",
                "mkt send a-1234 \"Summarise this\" --file report.txt -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var listing = await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(agent), ct);
            var agentId = listing.Value.AgentId;
            var message = BuildMessage(parse.GetRequiredValue(text), parse.GetValue(skill), parse.GetValue(file) ?? [], parse.GetValue(contextId), parse.GetValue(task));
            if (!parse.GetValue(stream))
            {
                var answer = await client.SendMessageAsync(agentId, message, ct);
                context.Write(new SentMessage(agentId, answer.Task, answer.Message), CliJson.Default.SentMessage, c => RenderAnswer(c, answer.Task, answer.Message));
                return answer.Task is { Status.State: A2AStates.Failed or A2AStates.Rejected } ? ExitCodes.Failure : ExitCodes.Ok;
            }

            string? taskId = null, state = null;
            try
            {
                await foreach (var item in client.SendStreamingMessageAsync(agentId, message, ct))
                {
                    taskId ??= item.Task?.Id ?? item.StatusUpdate?.TaskId ?? item.ArtifactUpdate?.TaskId;
                    state = item.Task?.Status.State ?? item.StatusUpdate?.Status.State ?? state;
                    context.WriteEvent(item, J.StreamResponse, c => RenderEvent(c, item));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                context.Progress(taskId is null ? "Interrupted." : $"Interrupted; the task goes on. Check it with: mkt tasks get {taskId} --agent {agentId}");
                return ExitCodes.Interrupted;
            }
            if (context.Format == Output.OutputFormat.Table && taskId is not null) context.Console.WriteLine($"Task {taskId}: {StateName(state)}");
            return state is A2AStates.Failed or A2AStates.Rejected ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    public static Message BuildMessage(string text, string? skill, IReadOnlyList<FileInfo> files, string? contextId, string? taskId)
    {
        var parts = new List<Part> { new() { Text = text } };
        foreach (var file in files)
        {
            if (!file.Exists) throw CliException.Usage($"No file '{file.FullName}'.");
            parts.Add(new Part { Raw = Convert.ToBase64String(File.ReadAllBytes(file.FullName)), Filename = file.Name, MediaType = MediaTypes.Of(file.Name) });
        }
        JsonElement? metadata = skill is null ? null : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["skill"] = skill }, CliJson.Default.DictionaryStringString);
        return new Message(Guid.NewGuid().ToString("N"), "ROLE_USER", parts) { Metadata = metadata, ContextId = contextId, TaskId = taskId };
    }

    /// <summary>TASK_STATE_INPUT_REQUIRED reads as "input-required".</summary>
    public static string StateName(string? state) =>
        state is null ? "unknown" : state.Replace("TASK_STATE_", "", StringComparison.Ordinal).Replace('_', '-').ToLowerInvariant();

    static string TextOf(IEnumerable<Part> parts) =>
        string.Join("\n", parts.Select(p => p.Text ?? (p.Data is { } d ? JsonSerializer.Serialize(d, J.JsonElement) : p.Url ?? (p.Filename is { } f ? $"[file {f}]" : ""))));

    static void RenderAnswer(IAnsiConsole c, AgentTask? task, Message? message)
    {
        if (message is not null)
        {
            c.WriteLine(TextOf(message.Parts));
            return;
        }
        foreach (var artifact in task!.Artifacts ?? []) c.WriteLine(TextOf(artifact.Parts));
        if (task.Status.Message is { } status) c.WriteLine(TextOf(status.Parts));
        c.WriteLine($"Task {task.Id}: {StateName(task.Status.State)}");
    }

    static void RenderEvent(IAnsiConsole c, StreamResponse item)
    {
        if (item.Task is { } task) c.WriteLine($"[{StateName(task.Status.State)}] task {task.Id}");
        if (item.StatusUpdate is { } status)
            c.WriteLine($"[{StateName(status.Status.State)}]{(status.Status.Message is { } m ? " " + TextOf(m.Parts) : "")}");
        if (item.ArtifactUpdate is { } artifact) c.WriteLine(TextOf(artifact.Artifact.Parts));
        if (item.Message is { } message) c.WriteLine(TextOf(message.Parts));
    }

    public static Command Tasks(CliHost host, Globals globals)
    {
        var agentOption = () => new Option<string>("--agent") { Description = "The agent the task belongs to (id or exact name)", Required = true };

        var listAgent = agentOption();
        var contextId = new Option<string?>("--context") { Description = "Only this conversation's tasks" };
        var state = new Option<string?>("--state") { Description = "Only tasks in this state, e.g. TASK_STATE_COMPLETED" };
        var limit = new Option<int?>("--limit") { Description = "Page size" };
        var list = new Command("list", "Your tasks with an agent, newest first.") { listAgent, contextId, state, limit }
            .Describe("mkt tasks list --agent a-1234", "mkt tasks list --agent a-1234 --state TASK_STATE_WORKING -o json");
        list.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var agentId = (await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(listAgent), ct)).Value.AgentId;
            var page = await client.ListTasksAsync(agentId, new ListTasksRequest { ContextId = parse.GetValue(contextId), Status = parse.GetValue(state), PageSize = parse.GetValue(limit) }, ct);
            context.Write(page, J.ListTasksResponse, c =>
            {
                var table = new Table().AddColumns("Task id", "State", "Context", "Updated");
                foreach (var t in page.Tasks) table.AddRow(Markup.Escape(t.Id), StateName(t.Status.State), Markup.Escape(t.ContextId ?? ""), t.Status.Timestamp?.ToString("u") ?? "");
                c.Write(table);
            });
            return ExitCodes.Ok;
        });

        var taskId = new Argument<string>("task") { Description = "Task id" };
        var getAgent = agentOption();
        var get = new Command("get", "A task's state, artifacts and history.") { taskId, getAgent }.Describe("mkt tasks get 0f3c… --agent a-1234 -o json");
        get.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var agentId = (await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(getAgent), ct)).Value.AgentId;
            var task = await client.GetTaskAsync(agentId, parse.GetRequiredValue(taskId), ct: ct);
            context.Write(task, J.AgentTask, c => RenderAnswer(c, task, null));
            return ExitCodes.Ok;
        });

        var cancelId = new Argument<string>("task") { Description = "Task id" };
        var cancelAgent = agentOption();
        var cancel = new Command("cancel", "Cancel a task that is still running.") { cancelId, cancelAgent }.Describe("mkt tasks cancel 0f3c… --agent a-1234");
        cancel.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var agentId = (await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(cancelAgent), ct)).Value.AgentId;
            var task = await client.CancelTaskAsync(agentId, parse.GetRequiredValue(cancelId), ct);
            context.Write(task, J.AgentTask, c => c.WriteLine($"Task {task.Id}: {StateName(task.Status.State)}"));
            return ExitCodes.Ok;
        });

        return new Command("tasks", "A2A tasks you started with an agent.") { list, get, cancel };
    }
}

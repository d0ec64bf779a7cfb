using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.A2A.Protocol;
using Marketplace.Agents;
using Marketplace.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A real A2A agent (the sample agents' kit, in this process) with skills for workflow tests: <c>echo</c> answers at
/// once, <c>flaky</c> fails the first time it sees a text, <c>slow</c> runs until cancelled. It counts what it got.
/// </summary>
public sealed class WorkflowAgent : IAsyncDisposable
{
    readonly WebApplication app;

    WorkflowAgent(WebApplication app, string cardUrl) => (this.app, CardUrl) = (app, cardUrl);

    public string CardUrl { get; }

    /// <summary>Texts received, per skill, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Received { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Message ids received, with the text each came with.</summary>
    public ConcurrentQueue<(string MessageId, string Text)> Messages { get; } = new();

    public int Count(string skill, string text) => Received.TryGetValue(skill, out var q) ? q.Count(t => t == text) : 0;

    /// <param name="name">The card's name (tests that must find this agent among others give it a unique one).</param>
    public static async Task<WorkflowAgent> StartAsync(string name = "Workflow Test Agent")
    {
        var port = NodeTools.GetFreeTcpPort();
        WorkflowAgent? agent = null;
        var app = AgentHost.Build([$"--urls=http://127.0.0.1:{port}"], baseUrl => Card(name, baseUrl),
            new Skill("echo", async run =>
            {
                agent!.Record("echo", run.Text);
                agent.Messages.Enqueue((run.MessageId, run.Text));
                var data = JsonSerializer.SerializeToElement(new { length = run.Text.Length, upper = run.Text.ToUpperInvariant() });
                await run.EmitAsync(new Artifact("echo", [Part.FromText("echo: " + run.Text), new Part { Data = data }]));
            }),
            new Skill("flaky", async run =>
            {
                agent!.Record("flaky", run.Text);
                if (agent.Count("flaky", run.Text) == 1) throw new InvalidOperationException("first attempts always fail");
                await run.EmitAsync(new Artifact("flaky", [Part.FromText("recovered: " + run.Text)]));
            }),
            new Skill("slow", async run =>
            {
                agent!.Record("slow", run.Text);
                try
                {
                    await Task.Delay(Timeout.Infinite, run.Cancellation);
                }
                finally
                {
                    agent.Cancelled.Enqueue(run.Text);
                }
            }));
        await app.StartAsync();
        agent = new WorkflowAgent(app, $"http://127.0.0.1:{port}/.well-known/agent-card.json");
        return agent;
    }

    void Record(string skill, string text) => Received.GetOrAdd(skill, _ => new()).Enqueue(text);

    static AgentCard Card(string name, string baseUrl) => new(
        name, "Echoes, fails once, or runs until cancelled.", AgentHost.Interfaces(baseUrl), "1.0.0",
        new AgentCapabilities { Streaming = true, PushNotifications = false }, ["text/plain"], ["text/plain", "application/json"],
        [
            new("echo", "Echo", "Answers with the text.", ["test"]),
            new("flaky", "Flaky", "Fails the first time it sees a text.", ["test"]),
            new("slow", "Slow", "Runs until cancelled.", ["test"]),
        ]);

    sealed class Skill(string id, Func<SkillRun, Task> run) : ISkill
    {
        public string Id => id;

        public Task RunAsync(SkillRun skillRun) => run(skillRun);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Reflection;

namespace Marketplace.Tests.Infrastructure;

/// <summary>A sample agent (agents/{Name}) running as its own process on a free loopback port.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    readonly Process process;

    AgentProcess(Process process, Uri baseAddress) => (this.process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }

    public string CardUrl => new Uri(BaseAddress, "/.well-known/agent-card.json").ToString();

    public static async Task<AgentProcess> StartAsync(string name)
    {
        var dll = typeof(AgentProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == $"Agent:{name}").Value!;
        var port = NodeTools.GetFreeTcpPort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, $"--urls=http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        start.Environment["A2A_ENDPOINT"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var agent = new AgentProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                if ((await client.GetAsync(agent.CardUrl)).IsSuccessStatusCode) return agent;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await agent.DisposeAsync();
        throw new InvalidOperationException($"Sample agent {name} did not start.");
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

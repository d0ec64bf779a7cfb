using System.Diagnostics;
using System.Text;

namespace Marketplace.Tests.Infrastructure;

/// <summary>Runs a node:test file from the repository with the given environment; returns its exit code and output.</summary>
public static class NodeTest
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, Dictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NodeTools.RepoRoot };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=spec");
        start.ArgumentList.Add(Path.Combine(NodeTools.RepoRoot, file));
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) output.AppendLine("(timed out)");
            return (-1, output.ToString());
        }
        lock (output) return (process.ExitCode, output.ToString());
    }
}

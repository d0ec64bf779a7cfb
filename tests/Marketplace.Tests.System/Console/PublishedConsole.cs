using System.Diagnostics;
using Marketplace.Hosting;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Console;

/// <summary>
/// The console as the host serves it: ./test.sh publishes it before the tests; a test run without that publishes it
/// once here (about a minute on 2 cores).
/// </summary>
public static class PublishedConsole
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    public static string Root => Path.Combine(NodeTools.RepoRoot, ConsoleHosting.DefaultRoot);

    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Root, "index.html"))) return Root;
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = NodeTools.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "publish", "console/Marketplace.Console.csproj", "-c", "Release", "-o", "artifacts/console", "--nologo", "-v", "q" }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0) throw new InvalidOperationException($"Publishing the console failed:\n{await output}\n{await errors}");
            return Root;
        }
        finally
        {
            Gate.Release();
        }
    }
}

using System.Diagnostics;
using System.Reflection;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// The marketplace as a separate process (the built Functions app run standalone), so a test can kill it the hard
/// way and start it again on the same storage.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    static readonly string AppPath = Path.Combine(
        Path.GetDirectoryName(typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsMetadataPath").Value!)!,
        "Marketplace.Functions.dll");

    readonly Process process;

    HostProcess(Process process, Uri baseAddress) => (this.process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }

    /// <summary>Whether the process has died (a test-only crash point fired).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>What the process printed, for diagnosing a failed test.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; private init; } = new();

    public static async Task<HostProcess> StartAsync(int port, string contentRoot, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        foreach (var arg in (string[])[AppPath, $"--urls=http://127.0.0.1:{port}", $"--contentRoot={contentRoot}", .. settings]) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}")) { Output = output };
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await client.GetAsync("/api/health")).IsSuccessStatusCode) return host;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout: ask again.
            }
            await Task.Delay(200);
        }
        host.Kill();
        throw new InvalidOperationException("The marketplace process did not become healthy:\n" + string.Join('\n', output.TakeLast(40)));
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

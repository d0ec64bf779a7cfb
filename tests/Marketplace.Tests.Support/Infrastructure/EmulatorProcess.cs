using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A child process (an npm emulator) that is ready once its TCP ports accept connections,
/// and whose whole process tree is killed on dispose so no emulator outlives the test run.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 200;
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly string _name;

    private EmulatorProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    /// <summary>The last lines the process wrote (stdout and stderr), for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    // Preloaded into every node tool: exit when stdin reaches EOF. Our end of that pipe closes whenever the test
    // process dies, even by SIGKILL (a timed-out run), when no Dispose can run, so emulators never outlive the tests.
    internal const string ExitWithParent =
        "data:text/javascript,process.stdin.on('end',()=>process.exit(0)).on('error',()=>process.exit(0)).resume()";

    /// <summary>
    /// Starts the npm tool <c>node_modules/.bin/{tool}</c> under <c>node</c>, tied to this process's lifetime,
    /// and waits until every port in <paramref name="ports"/> accepts TCP connections.
    /// </summary>
    public static Task<EmulatorProcess> StartNodeToolAsync(
        string name,
        string tool,
        IEnumerable<string> arguments,
        IReadOnlyCollection<int> ports,
        string? workingDirectory = null,
        TimeSpan? timeout = null) =>
        StartAsync(name, "node", ["--import", ExitWithParent, NodeTools.RequireTool(tool), .. arguments],
            ports, workingDirectory, timeout);

    /// <summary>Starts <paramref name="fileName"/> and waits until every port in <paramref name="ports"/> accepts TCP connections.</summary>
    public static async Task<EmulatorProcess> StartAsync(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyCollection<int> ports,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // never share our console; node tools watch this pipe (see ExitWithParent)
            WorkingDirectory = workingDirectory ?? NodeTools.RepoRoot,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var emulator = new EmulatorProcess(name, process);
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {name} ('{fileName}'): {e.Message}. Is it installed and on PATH?", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await emulator.WaitForPortsAsync(ports, timeout ?? DefaultStartTimeout);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
        return emulator;
    }

    private async Task WaitForPortsAsync(IReadOnlyCollection<int> ports, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var pending = new List<int>(ports);
        while (pending.Count > 0)
        {
            ThrowIfExited();
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{_name} did not accept connections on port(s) {string.Join(", ", pending)} within {timeout.TotalSeconds:0} s.{Describe()}");
            }
            if (await AcceptsAsync(pending[0]))
            {
                pending.RemoveAt(0);
            }
            else
            {
                await Task.Delay(100);
            }
        }
        // A port that answers while our process died means someone else owns it (a lost port race).
        await Task.Delay(100);
        ThrowIfExited();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} before it was ready.{Describe()}");
        }
    }

    private string Describe()
    {
        var output = RecentOutput;
        return output.Length == 0 ? " It wrote no output." : $" Its output:{Environment.NewLine}{output}";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Tools under node_modules/.bin may spawn workers: kill the tree, not just the direct child.
                _process.Kill(entireProcessTree: true);
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or never started: nothing left to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

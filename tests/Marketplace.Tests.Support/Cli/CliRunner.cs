using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Cli;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>What one invocation of <c>mkt</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public JsonNode Json()
    {
        Assert.True(ExitCode == 0, $"mkt exited {ExitCode}: {Err}{Out}");
        return JsonNode.Parse(Out)!;
    }

    /// <summary>Each line of a streamed (NDJSON) output.</summary>
    public IReadOnlyList<JsonObject> JsonLines() =>
        Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
}

/// <summary>
/// Runs the real command tree in-process with captured output, its own config directory (XDG_CONFIG_HOME) and
/// environment, so tests never read or write the developer's profiles.
/// </summary>
public sealed class CliRunner : IDisposable
{
    readonly Dictionary<string, string> environment = new(StringComparer.Ordinal);

    public CliRunner(Uri? url = null, string? key = null)
    {
        ConfigHome = Directory.CreateTempSubdirectory("mkt-config-").FullName;
        environment["XDG_CONFIG_HOME"] = ConfigHome;
        if (url is not null) environment["MKT_URL"] = url.ToString();
        if (key is not null) environment["MKT_KEY"] = key;
    }

    public string ConfigHome { get; }

    public string ConfigPath => Path.Combine(ConfigHome, "mkt", "config.json");

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken ct)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var host = new CliHost(stdout, stderr, name => environment.GetValueOrDefault(name), ConfigHome);
        var code = await CliApp.RunAsync(args, host, ct);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Starts a command that waits on someone (a sign-in): what it has printed to stderr so far can be read while it
    /// runs, and the result awaited.
    /// </summary>
    public RunningCli Start(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new LiveWriter());
        var host = new CliHost(stdout, stderr, name => environment.GetValueOrDefault(name), ConfigHome);
        var completion = Task.Run(async () =>
        {
            var code = await CliApp.RunAsync(args, host);
            return new CliResult(code, stdout.ToString(), stderr.Text);
        });
        return new RunningCli(stderr, completion);
    }

    /// <summary>Runs a command whose JSON output must succeed.</summary>
    public async Task<JsonNode> JsonAsync(params string[] args) => (await RunAsync([.. args, "-o", "json"])).Json();

    public void Dispose() => Directory.Delete(ConfigHome, recursive: true);
}

/// <summary>A command in progress: its stderr as printed so far, and its result.</summary>
public sealed record RunningCli(LiveWriter Err, Task<CliResult> Completion)
{
    /// <summary>Waits until a complete line of stderr matches <paramref name="pattern"/>, and returns the match's first group.</summary>
    public async Task<string> WaitForAsync(string pattern)
    {
        var match = await Infrastructure.Eventually.Get(() =>
        {
            var done = Completion.IsCompleted;
            var text = Err.Text;
            var found = System.Text.RegularExpressions.Regex.Match(text[..(text.LastIndexOf('\n') + 1)], pattern);
            Assert.False(done && !found.Success, $"mkt ended first: {(done ? Completion.Result : null)}");
            return Task.FromResult(found.Success ? found : null);
        });
        return match.Groups[1].Value;
    }
}

/// <summary>A writer another thread may read while the command writes.</summary>
public sealed class LiveWriter : TextWriter
{
    readonly System.Text.StringBuilder text = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (text) return text.ToString();
        }
    }

    public override void Write(char value)
    {
        lock (text) text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (text) text.Append(value);
    }
}

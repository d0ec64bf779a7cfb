using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>
/// <c>mkt</c> as users get it: the built tool run as a process, and the package <c>dotnet pack</c> makes installed
/// with <c>dotnet tool install</c> from a local folder only (no network). In the platform collection so packing never
/// rewrites the build output while another test runs it.
/// </summary>
[Collection("platform")]
public sealed class CliToolPackageTests(PlatformFixture platform) : IDisposable
{
    readonly string work = Directory.CreateTempSubdirectory("mkt-pack-").FullName;

    static string Metadata(string key) =>
        typeof(CliToolPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    static string DotnetRoot => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    static string Dotnet => Path.Combine(DotnetRoot, "dotnet");

    [Fact]
    public async Task The_built_tool_runs_as_a_process_against_the_platform()
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        var result = await RunAsync(Dotnet, [Metadata("Cli:Assembly"), "whoami", "-o", "json"], new()
        {
            ["MKT_URL"] = platform.BaseAddress.ToString(), ["MKT_KEY"] = key, ["XDG_CONFIG_HOME"] = work,
        });
        Assert.True(result.Code == 0, result.Err + result.Out);
        Assert.Equal(tenantId, JsonNode.Parse(result.Out)!["tenantId"]!.GetValue<string>());
        Assert.DoesNotContain(key, result.Out);
    }

    [Fact]
    public async Task Ctrl_c_in_the_real_process_stops_watching_cleanly_and_says_how_to_resume()
    {
        var (_, key) = await platform.NewTenantAsync("owner");
        using var cli = new CliRunner(platform.BaseAddress, key);
        var definition = Path.Combine(work, "held.json");
        File.WriteAllText(definition, """{"id":"held","name":"Held","steps":[{"id":"ok","kind":"approval","timeoutSeconds":3600}]}""");
        await cli.JsonAsync("workflows", "push", definition);
        var runId = (await cli.JsonAsync("runs", "start", "held"))["runId"]!.GetValue<string>();

        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Metadata("Cli:Assembly"), "runs", "watch", runId }) start.ArgumentList.Add(arg);
        (start.Environment["MKT_URL"], start.Environment["MKT_KEY"], start.Environment["XDG_CONFIG_HOME"]) = (platform.BaseAddress.ToString(), key, work);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Interrupt once the watch is under way: the waiting approval step has been printed.
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.Contains("ok (approval) waiting", StringComparison.Ordinal)) break;
            }
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync(deadline.Token);
            output.Append(await process.StandardOutput.ReadToEndAsync(deadline.Token));
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await cli.RunAsync("runs", "cancel", runId);
        }
        Assert.True(process.ExitCode == Marketplace.Cli.ExitCodes.Interrupted, $"exit {process.ExitCode}: {output}{await stderr}");
        Assert.Contains($"Resume with: mkt runs watch {runId}", output.ToString());
        Assert.DoesNotContain("   at ", output + await stderr);
    }

    [Fact]
    public async Task Dotnet_pack_makes_a_tool_that_installs_from_a_folder_and_runs()
    {
        var packages = Path.Combine(work, "nupkg");
        var tools = Path.Combine(work, "tools");
        var project = Path.Combine(NodeTools.RepoRoot, "cli");
        var pack = await RunAsync(Dotnet, ["pack", project, "-c", Metadata("Cli:Configuration"), "-o", packages, "--no-restore", "--nologo", "-v", "quiet"], []);
        Assert.True(pack.Code == 0, pack.Out + pack.Err);
        Assert.Single(Directory.GetFiles(packages, "Marketplace.Cli.1.0.0.nupkg"));

        // Only the local folder as a source: installing needs no network.
        var config = Path.Combine(work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        var install = await RunAsync(Dotnet, ["tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "Marketplace.Cli"], []);
        Assert.True(install.Code == 0, install.Out + install.Err);

        var version = await RunAsync(Path.Combine(tools, "mkt"), ["--version"], new() { ["DOTNET_ROOT"] = DotnetRoot });
        Assert.True(version.Code == 0, version.Out + version.Err);
        Assert.StartsWith("1.0.0", version.Out.Trim());

        // The package carries every dependency: the offline workflow check loads its schema library.
        var example = Path.Combine(NodeTools.RepoRoot, "docs", "workflows", "order-saga.json");
        var validate = await RunAsync(Path.Combine(tools, "mkt"), ["workflows", "validate", example], new() { ["DOTNET_ROOT"] = DotnetRoot, ["XDG_CONFIG_HOME"] = work });
        Assert.True(validate.Code == 0, validate.Out + validate.Err);
        Assert.Contains("valid", validate.Out);
    }

    static async Task<(int Code, string Out, string Err)> RunAsync(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}

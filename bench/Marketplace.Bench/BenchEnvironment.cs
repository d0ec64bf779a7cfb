using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Net;
using System.Net.Sockets;
using Marketplace.Hosting;
using Marketplace.Orchestrations;
using Microsoft.AspNetCore.Builder;

namespace Marketplace.Bench;

/// <summary>Azurite (from the repo's node_modules) and a standalone marketplace host, both on free loopback ports.</summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef";

    Process azurite = null!;
    string dataDir = "";
    string storage = "";

    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<BenchEnvironment> StartAsync()
    {
        var env = new BenchEnvironment();
        var root = FindRoot();
        int blob = FreePort(), queue = FreePort(), table = FreePort(), http = FreePort();
        env.dataDir = Directory.CreateTempSubdirectory("marketplace-bench-").FullName;
        env.azurite = Process.Start(new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite"),
            ["--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence", "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            await WaitForPortAsync(table);
            const string account = "devstoreaccount1";
            const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
            env.storage = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint=http://127.0.0.1:{blob}/{account};QueueEndpoint=http://127.0.0.1:{queue}/{account};TableEndpoint=http://127.0.0.1:{table}/{account};";
            await env.StartHostAsync(http, []);
        }
        catch
        {
            env.azurite.Kill(entireProcessTree: true);
            throw;
        }
        return env;
    }

    /// <summary>
    /// Stops the host and starts a new one on the same Azurite, with <paramref name="settings"/> after the defaults
    /// (the last value of a setting wins), e.g. <c>--Durable:Backend=AzureStorage</c>. Data written so far stays.
    /// </summary>
    public Task RestartHostAsync(params string[] settings) => RestartHostAsync(() => Task.CompletedTask, settings);

    /// <summary>Like <see cref="RestartHostAsync(string[])"/>, running <paramref name="whileStopped"/> while no host runs (e.g. filling a queue).</summary>
    public async Task RestartHostAsync(Func<Task> whileStopped, params string[] settings)
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await whileStopped();
        await StartHostAsync(FreePort(), settings);
    }

    async Task StartHostAsync(int http, string[] settings)
    {
        App = StandaloneApp.Build(
        [
            $"--urls=http://127.0.0.1:{http}", $"--contentRoot={dataDir}", $"--AzureWebJobsStorage={storage}",
            $"--Marketplace:AdminKey={AdminKey}", "--Durable:Backend=InMemory", "--Logging:LogLevel:Default=Warning",
            "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true",
            // Measure the platform, not the plan: the benchmark tenants ("pro") are not rate-limited.
            "--Billing:Plans:pro:RequestsPerMinute=0", "--Billing:Plans:pro:AgentCallsPerMinute=0", "--Billing:Plans:pro:ToolCallsPerMinute=0",
            .. settings,
        ], OrchestrationRegistry.Register);
        await App.StartAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{http}");
    }

    /// <summary>Azurite's CPU time so far: a process of its own, so not in the benchmark process's figures.</summary>
    public TimeSpan StorageCpu
    {
        get
        {
            azurite.Refresh();
            return azurite.TotalProcessorTime;
        }
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    /// <summary>Creates a tenant and returns a key with the given role for it.</summary>
    public async Task<string> NewTenantKeyAsync(string tenantId, string role = "owner")
    {
        using var admin = Client(AdminKey);
        (await admin.PostAsJsonAsync("/api/tenants", new { id = tenantId, name = "Bench " + tenantId, plan = "pro" })).EnsureSuccessStatusCode();
        var created = await (await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role })).Content.ReadFromJsonAsync<JsonObject>();
        return created!["key"]!.GetValue<string>();
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Up to a minute: on a busy two-core machine Node.js alone can take half that to start Azurite.</summary>
    static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not open port {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        azurite.Kill(entireProcessTree: true);
        await azurite.WaitForExitAsync();
        Directory.Delete(dataDir, recursive: true);
    }
}

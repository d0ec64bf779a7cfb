using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Hosting;
using Marketplace.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Azurite plus one standalone marketplace host on a free port. Every collection of a lane that takes this fixture
/// shares one host (collections run in parallel; the host starts with the first and stops with the last), so tests
/// isolate themselves by creating their own tenants (see <see cref="NewTenantAsync"/>). A collection that needs the
/// store to itself takes <see cref="IsolatedPlatformFixture"/>.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    sealed record Host(AzuriteFixture Azurite, WebApplication App, Uri BaseAddress, LogCapture Logs, string StoragePrefix);

    static readonly SemaphoreSlim SharedGate = new(1, 1);
    static Host? shared;
    static int sharedUsers;

    readonly bool isolated;
    Host host = null!;

    public PlatformFixture() : this(isolated: false)
    {
    }

    protected PlatformFixture(bool isolated) => this.isolated = isolated;

    public AzuriteFixture Azurite => host.Azurite;
    public WebApplication App => host.App;
    public Uri BaseAddress => host.BaseAddress;
    public LogCapture Logs => host.Logs;
    public string StoragePrefix => host.StoragePrefix;

    public async Task InitializeAsync()
    {
        if (isolated)
        {
            host = await StartAsync();
            return;
        }
        await SharedGate.WaitAsync();
        try
        {
            shared ??= await StartAsync();
            sharedUsers++;
            host = shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    static async Task<Host> StartAsync()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var (logs, prefix) = (new LogCapture(), "p" + Guid.NewGuid().ToString("N")[..8]);
        var (app, baseAddress) = await StartHostAsync(azurite.ConnectionString, prefix, logs);
        return new Host(azurite, app, baseAddress, logs, prefix);
    }

    /// <summary>
    /// For a second host on a fixture's storage: it serves requests and leaves the queues to the fixture's host, so
    /// it neither takes the events another test waits for nor, when stopped, leaves messages invisible behind it.
    /// </summary>
    public const string RequestsOnly = "--Queues:Enabled=false";

    /// <summary>Starts a standalone host with its own content root (so no developer's local.settings.json is read).</summary>
    /// <remarks>
    /// The port is free when picked, but tests in other collections pick and bind ports at the same time, so one may
    /// take it first: then another port is picked.
    /// </remarks>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartHostAsync(
        string storage, string prefix, LogCapture? logs = null, params string[] extraSettings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartHostOnAsync(NodeTools.GetFreeTcpPort(), storage, prefix, logs, extraSettings);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
            }
        }
    }

    /// <summary>The same on a port chosen beforehand, for what must know the host's origin before it starts (an OpenID client's redirect).</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartHostOnAsync(
        int port, string storage, string prefix, LogCapture? logs = null, params string[] extraSettings)
    {
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-host-").FullName;
        string[] args =
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--contentRoot={contentRoot}",
            $"--AzureWebJobsStorage={storage}",
            $"--Storage:Prefix={prefix}",
            $"--Marketplace:AdminKey={AdminKey}",
            "--Durable:Backend=InMemory",
            "--Outbound:AllowLoopback=true",
            "--Outbound:AllowHttp=true",
            "--Registry:IndexRefreshInterval=00:00:01",
            "--Registry:SignalsRefreshInterval=00:00:01",
            "--Mcp:PageSize=2", // small tools/list pages, so every client test pages
            "--Workflows:AgentPollInterval=00:00:00.100", "--Workflows:MapItemsPerExecution=2", // map tests continue as new
            // Webhook retries in tenths of a second (5 tries), a 1 s try timeout, and idle queues polled often enough
            // that an event's two queue hops stay well inside the 2 s a webhook may take.
            "--Webhooks:RetrySchedule=00:00:00.100,00:00:00.200,00:00:00.200,00:00:00.200", "--Webhooks:Timeout=00:00:01",
            "--Queues:MaxIdleDelay=00:00:00.250",
            // Tests hammer the platform: "pro" tenants are unlimited here, "free" ones have small limits to test them.
            "--Billing:Plans:pro:RequestsPerMinute=0", "--Billing:Plans:pro:AgentCallsPerMinute=0", "--Billing:Plans:pro:ToolCallsPerMinute=0",
            "--Billing:Plans:free:RequestsPerMinute=600", "--Billing:Plans:free:AgentCallsPerMinute=120", "--Billing:Plans:free:ToolCallsPerMinute=120",
            "--Billing:Plans:free:BurstSeconds=1", "--Billing:Plans:free:MonthlyBillableCalls=3",
            .. extraSettings,
        ];
        var app = StandaloneApp.Build(args, OrchestrationRegistry.Register, logs is null ? null : (ILoggingBuilder b) => b.AddProvider(logs));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // The hosted services that started before the server failed to bind stop with it.
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }
        return (app, new Uri($"http://127.0.0.1:{port}"));
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    public HttpClient Admin() => Client(AdminKey);

    /// <summary>A fresh tenant and a key for it with the given role.</summary>
    public async Task<(string TenantId, string Key)> NewTenantAsync(string role = "owner", string plan = "pro")
    {
        using var admin = Admin();
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var created = await admin.PostAsJsonAsync("/api/tenants", new { name = "Test " + tenantId, plan, id = tenantId });
        created.EnsureSuccessStatusCode();
        return (tenantId, await NewKeyAsync(tenantId, role));
    }

    public async Task<string> NewKeyAsync(string tenantId, string role)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["key"]!.GetValue<string>();
    }

    /// <summary>Makes the issuer's subject a member of the tenant (as the admin); returns the member's user id.</summary>
    public async Task<string> AddMemberAsync(string tenantId, string issuer, string subject, string role, string kind = "user")
    {
        using var admin = Admin();
        var added = await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/members", new { issuer, subject, role, kind });
        var body = await ProblemAssert.ReadObject(added, System.Net.HttpStatusCode.Created);
        return body["principalId"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (!isolated)
        {
            await SharedGate.WaitAsync();
            try
            {
                if (--sharedUsers > 0) return;
                shared = null;
            }
            finally
            {
                SharedGate.Release();
            }
        }
        await host.App.StopAsync();
        await host.App.DisposeAsync();
        await host.Azurite.DisposeAsync();
    }
}

/// <summary>A platform of the collection's own, for tests that need a store no other collection writes to.</summary>
public sealed class IsolatedPlatformFixture() : PlatformFixture(isolated: true);

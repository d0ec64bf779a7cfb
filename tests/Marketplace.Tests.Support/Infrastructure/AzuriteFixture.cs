using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Azurite (blob, queue, table) on three free loopback ports with a fresh data folder, for tests that need Azure Storage.
/// Set MARKETPLACE_TEST_AZURITE to a connection string to use an already running Azurite (or real account) instead.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "MARKETPLACE_TEST_AZURITE";

    // Azurite's well-known development account (public, documented by Microsoft; not a secret).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private EmulatorProcess? _process;
    private string? _dataFolder;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        NodeTools.RequireTool("azurite"); // fail with "run npm ci" before creating anything
        _dataFolder = Directory.CreateTempSubdirectory("marketplace-azurite-").FullName;
        try
        {
            ConnectionString = await StartAsync(_dataFolder);
        }
        catch
        {
            await DisposeAsync(); // do not rely on the runner disposing a fixture whose start failed
            throw;
        }
    }

    private async Task<string> StartAsync(string dataFolder)
    {
        // Free ports are picked before Azurite binds them, so another process can win the race; retry with new ports.
        for (var attempt = 1; ; attempt++)
        {
            int blob = NodeTools.GetFreeTcpPort(), queue = NodeTools.GetFreeTcpPort(), table = NodeTools.GetFreeTcpPort();
            if (blob == queue || queue == table || blob == table)
            {
                continue;
            }
            string[] args =
            [
                "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
                "--location", dataFolder,
                // Newer SDKs send API versions Azurite does not know yet; loose ignores unsupported headers.
                "--skipApiVersionCheck", "--loose", "--silent",
                // Azurite collects telemetry by default; tests must not phone home.
                "--disableTelemetry",
            ];
            try
            {
                _process = await EmulatorProcess.StartNodeToolAsync("Azurite", "azurite", args, [blob, queue, table], dataFolder);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue;
            }

            // Non-default ports need explicit endpoints; UseDevelopmentStorage=true would point at 10000-10002.
            return
                $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{blob}/{AccountName};" +
                $"QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};" +
                $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};";
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
        if (_dataFolder is not null && Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}

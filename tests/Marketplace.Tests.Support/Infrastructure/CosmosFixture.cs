using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// <c>@vercel/cosmosdb-server</c> (an in-memory Cosmos DB NoSQL gateway) on a free loopback port.
/// It serves HTTPS by default, like real Cosmos DB, so the SDK runs its production TLS path (<c>--no-ssl</c> also works
/// with LimitToEndpoint, but is not what we ship). Its bundled certificate is self-signed (CN=cosmosdb, no SAN,
/// expired 2021); clients from <see cref="CreateClient"/> trust exactly that certificate, and only on this endpoint.
/// Limits (see ARCHITECTURE.md §4): no TransactionalBatch (500), change feed (one snapshot, then 304 forever),
/// OFFSET/LIMIT, aggregates, DISTINCT or GROUP BY (400); data is in memory only; a read of a missing item is 500, not 404;
/// queries ignore the request's partition key and are 400 unless their text filters on it (so always filter on tenantId).
/// </summary>
public sealed class CosmosFixture : IAsyncLifetime
{
    /// <summary>The Cosmos DB emulator's well-known key; the server does not check signatures, but the SDK needs a valid base64 key.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private const string Package = "@vercel/cosmosdb-server";

    private readonly ConcurrentBag<CosmosClient> _clients = [];
    private EmulatorProcess? _process;
    private X509Certificate2? _certificate;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Without this the SDK on Linux asks the gateway for a query plan, which cosmosdb-server does not serve:
        // cross-partition queries then throw and ORDER BY gets 400. Process-wide, so set it before any client exists.
        Environment.SetEnvironmentVariable("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");

        _certificate = X509Certificate2.CreateFromPem(File.ReadAllText(NodeTools.RequirePackageFile(Package, "cert.pem")));

        // Free ports are picked before the server binds them, so another process can win the race; retry with a new port.
        for (var attempt = 1; ; attempt++)
        {
            var port = NodeTools.GetFreeTcpPort();
            try
            {
                // --host makes it listen on loopback only and report https://127.0.0.1:{port}/ as the account endpoint.
                _process = await EmulatorProcess.StartNodeToolAsync(
                    "cosmosdb-server", "cosmosdb-server", ["--port", $"{port}", "--host", "127.0.0.1"], [port]);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue;
            }
            Endpoint = new Uri($"https://127.0.0.1:{port}/");
            return;
        }
    }

    /// <summary>
    /// A client for this server: Gateway mode on this one endpoint, System.Text.Json (web defaults unless given),
    /// and TLS trust limited to the server's bundled certificate. The fixture disposes the clients it created.
    /// </summary>
    public CosmosClient CreateClient(JsonSerializerOptions? json = null)
    {
        var client = new CosmosClient(Endpoint.ToString(), Key, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            // The server reports itself as the only region; never follow other endpoints.
            LimitToEndpoint = true,
            UseSystemTextJsonSerializerWithOptions = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web),
            HttpClientFactory = () => new HttpClient(CreateHandler()),
            // Fail fast in tests instead of retrying throttling for up to 30 s.
            MaxRetryAttemptsOnRateLimitedRequests = 0,
        });
        _clients.Add(client);
        return client;
    }

    private HttpClientHandler CreateHandler()
    {
        var endpoint = Endpoint;
        var trusted = _certificate ?? throw new InvalidOperationException("CosmosFixture is not initialized.");
        return new HttpClientHandler
        {
            // Accept the server's self-signed (and expired) certificate only on its own loopback endpoint;
            // anything else goes through normal validation.
            ServerCertificateCustomValidationCallback = (request, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None ||
                (request.RequestUri is { } uri &&
                 IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address) &&
                 uri.Port == endpoint.Port &&
                 certificate is not null && certificate.RawData.AsSpan().SequenceEqual(trusted.RawData)),
        };
    }

    public async Task DisposeAsync()
    {
        while (_clients.TryTake(out var client))
        {
            client.Dispose();
        }
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
        _certificate?.Dispose();
        _certificate = null;
    }
}

using System.Net;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Marketplace.Registry;

public static class CosmosClients
{
    public static CosmosClient Create(CosmosSettings settings)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
        };
        if (!string.IsNullOrEmpty(settings.ConnectionString))
        {
            var endpoint = new Uri(settings.ConnectionString.Split(';').First(p => p.StartsWith("AccountEndpoint=", StringComparison.OrdinalIgnoreCase))["AccountEndpoint=".Length..]);
            if (settings.TrustEmulatorCertificate && IsLoopback(endpoint))
            {
                // Emulators serve a self-signed certificate; trust it for loopback only.
                options.HttpClientFactory = () => new HttpClient(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (request, _, _, _) => request.RequestUri is { } uri && IsLoopback(uri),
                });
                options.LimitToEndpoint = true;
            }
            return new CosmosClient(settings.ConnectionString, options);
        }
        return new CosmosClient(settings.Endpoint, new DefaultAzureCredential(), options);
    }

    static bool IsLoopback(Uri uri) => uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}

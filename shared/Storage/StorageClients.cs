using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Storage;

public static class StorageClients
{
    /// <summary>
    /// Table, queue and blob clients from the same settings the Functions host reads: a connection string
    /// (Azurite; signed with an account SAS, see <see cref="AccountSas"/>), or identity-based <c>AzureWebJobsStorage__tableServiceUri</c> / <c>__queueServiceUri</c> /
    /// <c>__blobServiceUri</c> (or <c>__accountName</c>) with the user-assigned identity in <c>__clientId</c>.
    /// Queue messages are base64, the Functions queue trigger's default encoding.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfigurationSection storage)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        tableOptions.AddPolicy(new StorageRequestMeter("table"), HttpPipelinePosition.PerRetry);
        queueOptions.AddPolicy(new StorageRequestMeter("queue"), HttpPipelinePosition.PerRetry);
        blobOptions.AddPolicy(new StorageRequestMeter("blob"), HttpPipelinePosition.PerRetry);
        if (!string.IsNullOrEmpty(storage.Value) && AccountSas.TryCreate(storage.Value) is { } sas)
        {
            services.AddSingleton(sas);
            services.AddSingleton(new TableServiceClient(sas.TableEndpoint, sas.Table, tableOptions));
            services.AddSingleton(new QueueServiceClient(sas.QueueEndpoint, sas.Queue, queueOptions));
            services.AddSingleton(new BlobServiceClient(sas.BlobEndpoint, sas.Blob, blobOptions));
            return services;
        }
        if (!string.IsNullOrEmpty(storage.Value))
        {
            services.AddSingleton(new TableServiceClient(storage.Value, tableOptions));
            services.AddSingleton(new QueueServiceClient(storage.Value, queueOptions));
            services.AddSingleton(new BlobServiceClient(storage.Value, blobOptions));
            return services;
        }
        var account = storage["accountName"];
        Uri Endpoint(string setting, string service) =>
            storage[setting] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : throw new InvalidOperationException($"AzureWebJobsStorage needs a connection string, AzureWebJobsStorage__{setting} or AzureWebJobsStorage__accountName.");
        TokenCredential credential = storage["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        services.AddSingleton(_ => new TableServiceClient(Endpoint("tableServiceUri", "table"), credential, tableOptions));
        services.AddSingleton(_ => new QueueServiceClient(Endpoint("queueServiceUri", "queue"), credential, queueOptions));
        services.AddSingleton(_ => new BlobServiceClient(Endpoint("blobServiceUri", "blob"), credential, blobOptions));
        return services;
    }
}

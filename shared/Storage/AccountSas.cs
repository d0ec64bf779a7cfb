using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Sas;

namespace Marketplace.Storage;

/// <summary>
/// For a connection string with an account key (Azurite, local runs): one account SAS per service, signed with the
/// key once a day, instead of the SDK signing every request with Shared Key. The SDK's Shared Key signing creates an
/// HMAC per request and leaves it to the finalizer, which on this platform (OpenSSL 3) cost about a fifth of the
/// machine's CPU under the gateway benchmark. The SAS is as powerful as the key and lives only in memory. Deployments
/// in Azure use the managed identity and never take this path.
/// </summary>
public sealed class AccountSas : IDisposable
{
    // Renewed well before it lapses: a request signed just before a renewal still has most of a day to run.
    static readonly TimeSpan Lifetime = TimeSpan.FromDays(2), RenewEvery = TimeSpan.FromDays(1);

    readonly TableServiceClient tableSigner;
    readonly QueueServiceClient queueSigner;
    readonly BlobServiceClient blobSigner;
    readonly Timer renewal;

    public AzureSasCredential Table { get; }
    public AzureSasCredential Queue { get; }
    public AzureSasCredential Blob { get; }
    public Uri TableEndpoint => tableSigner.Uri;
    public Uri QueueEndpoint => queueSigner.Uri;
    public Uri BlobEndpoint => blobSigner.Uri;

    AccountSas(TableServiceClient table, QueueServiceClient queue, BlobServiceClient blob)
    {
        (tableSigner, queueSigner, blobSigner) = (table, queue, blob);
        var expires = DateTimeOffset.UtcNow + Lifetime;
        Table = new AzureSasCredential(TableSas(expires));
        Queue = new AzureSasCredential(QueueSas(expires));
        Blob = new AzureSasCredential(BlobSas(expires));
        renewal = new Timer(_ => Renew(), null, RenewEvery, RenewEvery);
    }

    /// <summary>The signer for <paramref name="connectionString"/>, or null when it carries no account key to sign with.</summary>
    public static AccountSas? TryCreate(string connectionString)
    {
        var table = new TableServiceClient(connectionString);
        var queue = new QueueServiceClient(connectionString);
        var blob = new BlobServiceClient(connectionString);
        return queue.CanGenerateAccountSasUri && blob.CanGenerateAccountSasUri && TryTableSas(table) ? new AccountSas(table, queue, blob) : null;
    }

    static bool TryTableSas(TableServiceClient table)
    {
        try
        {
            table.GenerateSasUri(TableAccountSasPermissions.All, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddMinutes(1));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    void Renew()
    {
        var expires = DateTimeOffset.UtcNow + Lifetime;
        Table.Update(TableSas(expires));
        Queue.Update(QueueSas(expires));
        Blob.Update(BlobSas(expires));
    }

    string TableSas(DateTimeOffset expires) => tableSigner.GenerateSasUri(TableAccountSasPermissions.All, TableAccountSasResourceTypes.All, expires).Query;

    string QueueSas(DateTimeOffset expires) => queueSigner.GenerateAccountSasUri(AccountSasPermissions.All, expires, AccountSasResourceTypes.All).Query;

    string BlobSas(DateTimeOffset expires) => blobSigner.GenerateAccountSasUri(AccountSasPermissions.All, expires, AccountSasResourceTypes.All).Query;

    public void Dispose() => renewal.Dispose();
}

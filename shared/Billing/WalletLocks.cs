namespace Marketplace.Billing;

/// <summary>
/// Serializes wallet updates of one tenant within this instance. Across instances the wallet's ETag decides; this
/// only keeps a burst of concurrent calls on one instance from retrying against each other (a burst of n would
/// otherwise cost about n²/2 storage round trips). Striped, so memory stays fixed whatever the number of tenants.
/// </summary>
public sealed class WalletLocks
{
    readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(string tenantId, CancellationToken ct)
    {
        var stripe = stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(tenantId) % stripes.Length)];
        await stripe.WaitAsync(ct);
        return new Release(stripe);
    }

    sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) stripe.Release();
        }
    }
}

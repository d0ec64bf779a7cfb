namespace Marketplace.Storage;

/// <summary>
/// Serializes updates of one key (a wallet, an aggregate partition) within this instance. Across instances the
/// entities' ETags decide; this only keeps a burst of concurrent updates on one instance from retrying against each
/// other (a burst of n would otherwise cost about n²/2 storage round trips). Striped, so memory stays fixed.
/// </summary>
public sealed class StripedLocks
{
    readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        var stripe = stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % stripes.Length)];
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

namespace Marketplace.Caching;

/// <summary>A token bucket of storage reads per second (capacity: one second's worth), shared by one instance's requests.</summary>
public sealed class ReadBudget(int perSecond, TimeProvider clock)
{
    readonly Lock gate = new();
    double tokens = perSecond;
    long refilledAt = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            tokens = Math.Min(perSecond, tokens + clock.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond);
            refilledAt = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }
}

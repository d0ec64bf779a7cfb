using System.Collections.Concurrent;

namespace Marketplace.Billing;

/// <summary>
/// The usage ids this instance booked or found booked lately, with how they were booked. A marker is never removed
/// (an id applies at most once, forever), so an id found here is certainly booked and a redelivered or duplicated
/// message can be recognised without a storage round trip; an id not found here is looked up in storage as always.
/// Bounded: the oldest entries are forgotten first.
/// </summary>
public sealed class RecentBookings<T>(int capacity)
{
    readonly ConcurrentDictionary<(string Tenant, string Id), T> byId = new();
    readonly ConcurrentQueue<(string Tenant, string Id)> order = new();

    public bool TryGet(string tenantId, string usageId, out T booking) => byId.TryGetValue((tenantId, usageId), out booking!);

    public void Add(string tenantId, string usageId, T booking)
    {
        if (!byId.TryAdd((tenantId, usageId), booking)) return;
        order.Enqueue((tenantId, usageId));
        while (order.Count > capacity && order.TryDequeue(out var oldest)) byId.TryRemove(oldest, out _);
    }
}

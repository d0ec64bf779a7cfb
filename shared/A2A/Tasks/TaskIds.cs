using System.Security.Cryptography;
using System.Text;
using Marketplace.Tenancy;

namespace Marketplace.A2A.Tasks;

/// <summary>
/// Task ids sort newest first (an inverted-time prefix), so a tenant's partition lists in creation order without an
/// index; the random suffix keeps them unguessable.
/// </summary>
public static class TaskIds
{
    public static string New(DateTimeOffset now) => NewestFirst("tsk-", now);

    /// <summary>An id with <paramref name="prefix"/> that sorts newest first (workflow runs use it too).</summary>
    public static string NewestFirst(string prefix, DateTimeOffset now)
    {
        var inverted = DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks;
        return prefix + Base36(inverted).PadLeft(13, '0') + Ids.Random(10);
    }

    static string Base36(long value)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var sb = new StringBuilder();
        do
        {
            sb.Insert(0, digits[(int)(value % 36)]);
            value /= 36;
        } while (value > 0);
        return sb.ToString();
    }
}

/// <summary>
/// Context ids an agent sees are derived from the tenant and the caller's context id, so two tenants that happen to
/// use the same context id never share a conversation at the agent, and the agent learns nothing about tenants.
/// </summary>
public static class ContextIds
{
    public static string New() => "ctx-" + Ids.Random(20);

    public static string Upstream(string tenantId, string agentId, string contextId) =>
        "mkt-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{agentId}\n{contextId}")))[..32].ToLowerInvariant();
}

namespace Marketplace.Security;

/// <summary>Rules for every call the marketplace makes to an address a user gave it (card URLs, agents, webhooks).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Development only: lets URLs reach loopback, where the local run's sample agents listen.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Development only: plain http (production requires https).</summary>
    public bool AllowHttp { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxCardBytes { get; set; } = 256 * 1024;
}

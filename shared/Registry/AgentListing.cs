using System.Text.Json;

namespace Marketplace.Registry;

public enum Visibility
{
    Private,
    Public,
}

public enum ListingStatus
{
    Active,
    Suspended,
    Retired,
}

/// <summary>A marketplace listing: an A2A agent card plus what the marketplace knows about it. Immutable per version.</summary>
public sealed record AgentListing(
    string AgentId,
    string PublisherTenantId,
    Visibility Visibility,
    ListingStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    AgentCard Card)
{
    public string? CardUrl { get; init; }

    /// <summary>The A2A version of the card as published ("1.0", or "0.3" for a 0.3 card listed as its 1.0 translation).</summary>
    public string ProtocolVersion { get; init; } = "1.0";

    /// <summary>What a task costs the caller; none means free.</summary>
    public Billing.Pricing? Pricing { get; init; }

    /// <summary>The key that signed this version's card, verified at publish; none for an unsigned card.</summary>
    public Signing.CardSigner? Signer { get; init; }

    /// <summary>Whether the card's signature was verified when this version was published.</summary>
    public bool Verified => Signer is not null;

    /// <summary>Set on a version whose card lost its signature or changed signer since the version before.</summary>
    public Signing.SignerChange? SignerChange { get; init; }

    /// <summary>Vectors for semantic search; stores keep them beside the listing, the API never shows them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ListingEmbedding? Embedding { get; init; }

    /// <summary>The HTTP entity tag of this version (sent as a header, not in the body).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"v{Version}\"";

    /// <summary>Who may see it: public active listings are for everyone, anything else only for its publisher.</summary>
    public bool IsVisibleTo(Tenancy.Caller caller) =>
        caller.IsAdmin || caller.TenantId == PublisherTenantId || (Visibility == Visibility.Public && Status == ListingStatus.Active);
}

/// <summary>A listing as read from a store, with the store's own concurrency token.</summary>
public sealed record StoredListing(AgentListing Listing, string StoreETag);

/// <summary>A listing and when the store last changed it (the store's clock).</summary>
public sealed record ListingChange(AgentListing Listing, DateTimeOffset ChangedAt);

/// <summary>Body of <c>POST /api/agents</c>: a card inline, or the URL of one to fetch.</summary>
public sealed record PublishAgentRequest(JsonElement? Card = null, string? CardUrl = null, Visibility Visibility = Visibility.Public, Billing.Pricing? Pricing = null);

/// <summary>Body of <c>PUT /api/agents/{agentId}</c>: a new card (inline or by URL) and/or new marketplace fields.</summary>
public sealed record UpdateAgentRequest(JsonElement? Card = null, string? CardUrl = null, Visibility? Visibility = null, ListingStatus? Status = null, Billing.Pricing? Pricing = null);

public sealed record AgentVersionList(string AgentId, IReadOnlyList<AgentListing> Versions);

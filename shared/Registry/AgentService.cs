using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Events;
using Marketplace.Http;
using Marketplace.Registry.Signing;
using Marketplace.Tenancy;
using Marketplace.Errors;

namespace Marketplace.Registry;

/// <summary>Publishing, versioning and retiring listings, with tenant isolation on every read and write.</summary>
public sealed class AgentService(
    IAgentStore store, AgentSearchIndex index, CardFetcher fetcher, CardSignatures signatures, ListingEmbedder embedder, IIntegrationEvents events, TimeProvider clock)
{
    public async Task<AgentListing> PublishAsync(Caller caller, PublishAgentRequest request, CancellationToken ct)
    {
        var tenantId = caller.TenantId ?? throw Forbidden();
        ValidatePricing(request.Pricing);
        var (card, cardUrl, signer, protocolVersion) = await ResolveCardAsync(request.Card, request.CardUrl, required: true, ct);
        var now = clock.GetUtcNow();
        var embedded = await embedder.EmbedAsync(new AgentListing("", tenantId, request.Visibility, ListingStatus.Active, 1, now, now, card!), ct);
        for (var attempt = 0; ; attempt++)
        {
            var listing = embedded with
            {
                AgentId = "agt-" + Ids.Random(12),
                CardUrl = cardUrl,
                Pricing = request.Pricing,
                Signer = signer,
                ProtocolVersion = protocolVersion!,
            };
            if (await store.CreateAsync(listing, ct))
            {
                index.Upsert(listing);
                await events.PublishAsync(AgentEvents.Published(listing), ct);
                return listing;
            }
            if (attempt == 3) throw new InvalidOperationException("Could not allocate a unique agent id.");
        }
    }

    /// <summary>The listing if the caller may see it; another tenant's private listing is indistinguishable from none.</summary>
    public async Task<StoredListing?> FindAsync(Caller caller, string agentId, CancellationToken ct)
    {
        var publisher = await store.FindPublisherAsync(agentId, ct);
        if (publisher is null) return null;
        var stored = await store.GetAsync(publisher, agentId, ct);
        return stored is not null && stored.Listing.IsVisibleTo(caller) ? stored : null;
    }

    /// <summary>
    /// The listing to route a call to: from this instance's index when it has it (no storage round trip on the hot
    /// path; changes made on other instances arrive within the index refresh interval), else from the store.
    /// </summary>
    public async Task<AgentListing?> FindForCallAsync(Caller caller, string agentId, CancellationToken ct)
    {
        var listing = index.Find(agentId) ?? (await FindAsync(caller, agentId, ct))?.Listing;
        return listing is not null && listing.IsVisibleTo(caller) ? listing : null;
    }

    public async Task<AgentListing> UpdateAsync(Caller caller, string agentId, string? ifMatch, UpdateAgentRequest request, CancellationToken ct)
    {
        var stored = await OwnedAsync(caller, agentId, ifMatch, ct);
        var current = stored.Listing;
        if (request.Status == ListingStatus.Retired)
            throw new DomainException(DomainError.Invalid([new("$.status", "Retire a listing with DELETE.")]));
        ValidatePricing(request.Pricing);
        var (card, cardUrl, signer, protocolVersion) = await ResolveCardAsync(request.Card, request.CardUrl, required: false, ct);
        // Signed again after a version without a signature: compared with the last signer, so dropping the signature
        // for one version does not hide a change of key.
        var before = current.Signer ?? (card is not null && signer is not null ? await LastSignerAsync(current, ct) : null);
        var next = current with
        {
            Pricing = request.Pricing ?? current.Pricing,
            Card = card ?? current.Card,
            CardUrl = card is null ? current.CardUrl : cardUrl,
            Signer = card is null ? current.Signer : signer,
            ProtocolVersion = protocolVersion ?? current.ProtocolVersion,
            SignerChange = card is null ? null : Compare(before, signer),
            Visibility = request.Visibility ?? current.Visibility,
            Status = request.Status ?? current.Status,
            Version = current.Version + 1,
            UpdatedAt = clock.GetUtcNow(),
        };
        // A new card needs new vectors; an unchanged one keeps its own unless they are missing or of another model.
        if (card is not null || !embedder.IsCurrent(next)) next = await embedder.EmbedAsync(next, ct);
        await SaveAsync(next, stored.StoreETag, AgentEvents.Updated(next), ct);
        return next;
    }

    public async Task<AgentListing> RetireAsync(Caller caller, string agentId, string? ifMatch, CancellationToken ct)
    {
        var stored = await OwnedAsync(caller, agentId, ifMatch, ct, requireIfMatch: false);
        if (stored.Listing.Status == ListingStatus.Retired) return stored.Listing;
        var next = stored.Listing with { Status = ListingStatus.Retired, Version = stored.Listing.Version + 1, UpdatedAt = clock.GetUtcNow() };
        await SaveAsync(next, stored.StoreETag, AgentEvents.Retired(next), ct);
        return next;
    }

    public async Task<IReadOnlyList<AgentListing>?> VersionsAsync(Caller caller, string agentId, CancellationToken ct)
    {
        var stored = await FindAsync(caller, agentId, ct);
        if (stored is null) return null;
        var versions = await store.ListVersionsAsync(stored.Listing.PublisherTenantId, agentId, ct);
        // Another tenant sees only the versions that were themselves public and active.
        return versions.Where(v => v.IsVisibleTo(caller)).ToList();
    }

    async Task SaveAsync(AgentListing next, string storeETag, IntegrationEvent evt, CancellationToken ct)
    {
        if (!await store.UpdateAsync(next, storeETag, ct))
            throw new DomainException(DomainError.PreconditionFailed("The listing changed since you read it; read it again."));
        index.Upsert(next);
        await events.PublishAsync(evt, ct);
    }

    async Task<StoredListing> OwnedAsync(Caller caller, string agentId, string? ifMatch, CancellationToken ct, bool requireIfMatch = true)
    {
        var stored = await FindAsync(caller, agentId, ct);
        if (stored is null || !caller.CanActFor(stored.Listing.PublisherTenantId))
            throw stored is null ? NotFound(agentId) : Forbidden();
        if (ifMatch is null)
        {
            if (requireIfMatch) throw new DomainException(DomainError.PreconditionRequired());
        }
        else if (ifMatch != "*" && !ifMatch.Split(',').Select(t => t.Trim()).Contains(stored.Listing.ETag))
        {
            throw new DomainException(DomainError.PreconditionFailed($"The current version is {stored.Listing.ETag}."));
        }
        return stored;
    }

    static void ValidatePricing(Billing.Pricing? pricing)
    {
        var errors = new List<FieldError>();
        Billing.Pricing.Validate(pricing, "$.pricing", errors);
        if (errors.Count > 0) throw new DomainException(DomainError.Invalid(errors));
    }

    async Task<CardSigner?> LastSignerAsync(AgentListing current, CancellationToken ct) =>
        (await store.ListVersionsAsync(current.PublisherTenantId, current.AgentId, ct)).OrderBy(v => v.Version).LastOrDefault(v => v.Signer is not null)?.Signer;

    /// <summary>A new card that drops its signature, or is signed by another key, is flagged: buyers may trust the key, not the name.</summary>
    static SignerChange? Compare(CardSigner? before, CardSigner? after) =>
        before is null ? null : after is null ? SignerChange.Dropped : before.SameKey(after) ? null : SignerChange.Changed;

    async Task<(AgentCard? Card, string? CardUrl, CardSigner? Signer, string? ProtocolVersion)> ResolveCardAsync(JsonElement? inline, string? cardUrl, bool required, CancellationToken ct)
    {
        if (inline is not null && cardUrl is not null)
            throw new DomainException(DomainError.Invalid([new("$", "Send either card or cardUrl, not both.")]));
        if (inline is null && cardUrl is null)
        {
            if (required) throw new DomainException(DomainError.Invalid([new("$.card", "Send card or cardUrl.")]));
            return (null, null, null, null);
        }
        var (document, path) = inline is { } card ? (card, "$.card") : (await fetcher.FetchAsync(cardUrl, "$.cardUrl", ct), "$.card");
        var at = cardUrl is null ? path : "$";
        var v03 = A2A.V03.AgentCardV03.Is(document);
        var errors = v03 ? A2A.V03.AgentCardV03Validator.Validate(document, at) : AgentCardValidator.Validate(document, at);
        if (errors.Count > 0)
            throw new DomainException(DomainError.Invalid(errors, cardUrl is null ? null : $"The card at {cardUrl} is not a valid A2A agent card."));
        // A 0.3 card's signatures cover its 0.3 form, not the 1.0 card listed from it: not verified, listed unverified.
        if (v03) return (A2A.V03.AgentCardV03Mapper.ToV1(document.Deserialize<A2A.V03.AgentCardV03>(Json.Lenient)!), cardUrl, null, "0.3");
        var signer = await signatures.VerifyAsync(document, at, ct);
        return (document.Deserialize<AgentCard>(Json.Lenient), cardUrl, signer, "1.0");
    }

    static DomainException NotFound(string agentId) => new(DomainError.NotFound($"No agent '{agentId}'."));

    static DomainException Forbidden() => new(DomainError.Forbidden("Only the publishing tenant may change a listing."));
}

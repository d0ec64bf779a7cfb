using System.Collections.Concurrent;
using Marketplace.Search;
using Microsoft.Extensions.Logging;

namespace Marketplace.Registry;

/// <summary>Embeds listings at publish and update, and search queries, with the configured provider.</summary>
public sealed class ListingEmbedder(IEmbeddingProvider provider, ILogger<ListingEmbedder> logger)
{
    /// <summary>
    /// Skills past this many get no vector of their own (they still count through keywords): it bounds a listing's
    /// stored vectors (a table property holds 64 KiB) and the work of every query.
    /// </summary>
    public const int MaxSkillVectors = 32;

    const int QueryCacheSize = 2_000, TextCacheSize = 20_000;
    readonly ConcurrentDictionary<string, float[]> queries = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, float[]> texts = new(StringComparer.Ordinal);

    public string Model => provider.Model;

    /// <summary>True when the listing has vectors of the current model for its current card.</summary>
    public bool IsCurrent(AgentListing listing) =>
        listing.Embedding is { } e && e.Model == provider.Model && e.Skills.Count == Math.Min(MaxSkillVectors, listing.Card.Skills.Count);

    /// <summary>
    /// The listing with vectors for its card, or unchanged (and logged) when the provider fails: publishing does not
    /// wait on embeddings, and the index embeds what is missing in the background.
    /// </summary>
    public async Task<AgentListing> EmbedAsync(AgentListing listing, CancellationToken ct)
    {
        try
        {
            return listing with { Embedding = await EmbedCardAsync(listing.Card, ct) };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Embedding listing {AgentId} v{Version} failed; search will embed it later", listing.AgentId, listing.Version);
            return listing with { Embedding = null };
        }
    }

    public async Task<ListingEmbedding> EmbedCardAsync(AgentCard card, CancellationToken ct)
    {
        var vectors = await provider.EmbedAsync(Texts(card), ct);
        return new ListingEmbedding(provider.Model, vectors[0], vectors[1..]);
    }

    /// <summary>The query's vector, or null when the provider fails (search then ranks by keywords alone).</summary>
    public async Task<float[]?> EmbedQueryAsync(string query, CancellationToken ct)
    {
        var key = query.Trim().ToLowerInvariant();
        if (queries.TryGetValue(key, out var cached)) return cached;
        try
        {
            var vector = (await provider.EmbedAsync([key], ct))[0];
            if (queries.Count >= QueryCacheSize) queries.Clear();
            queries[key] = vector;
            return vector;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Embedding a search query failed; ranking by keywords only");
            return null;
        }
    }

    /// <summary>
    /// Vectors of short texts searched besides listings (tools, servers, workflows), cached by text so a tenant's
    /// catalogue is embedded once per instance; null when the provider fails.
    /// </summary>
    public async Task<IReadOnlyList<float[]>?> EmbedTextsAsync(IReadOnlyList<string> input, CancellationToken ct)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var text in input)
            if (texts.TryGetValue(text, out var cached)) found[text] = cached;
        var missing = input.Where(t => !found.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            if (missing.Count > 0)
            {
                var vectors = await provider.EmbedAsync(missing, ct);
                if (texts.Count + missing.Count > TextCacheSize) texts.Clear();
                for (var i = 0; i < missing.Count; i++) texts[missing[i]] = found[missing[i]] = vectors[i];
            }
            return input.Select(t => found[t]).ToList();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Embedding {Count} texts failed; ranking them by keywords only", missing.Count);
            return null;
        }
    }

    /// <summary>What is embedded: the card's name and description, then each skill's words and examples.</summary>
    public static IReadOnlyList<string> Texts(AgentCard card) =>
    [
        $"{card.Name}. {card.Description}",
        .. card.Skills.Take(MaxSkillVectors).Select(s =>
            $"{s.Name}. {s.Description} {string.Join(", ", s.Tags)}. {string.Join(". ", s.Examples ?? [])}".TrimEnd(' ', '.')),
    ];
}

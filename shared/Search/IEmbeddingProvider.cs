namespace Marketplace.Search;

/// <summary>
/// Turns texts into unit-length vectors whose dot product is their cosine similarity. Vectors of different models
/// are not comparable, so each vector is stored with <see cref="Model"/> and re-embedded when the model changes.
/// </summary>
public interface IEmbeddingProvider
{
    string Model { get; }

    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct);
}

using System.Runtime.InteropServices;

namespace Marketplace.Registry;

/// <summary>
/// The vectors of one listing version: its card (name and description) and each of its first skills (name,
/// description, tags and examples), all from <see cref="Model"/>. Kept beside the listing in the store, never
/// shown in the API.
/// </summary>
public sealed record ListingEmbedding(string Model, float[] Card, IReadOnlyList<float[]> Skills)
{
    // Value equality, so a listing read back from a store equals the one written.
    public bool Equals(ListingEmbedding? other) =>
        other is not null && Model == other.Model && Card.AsSpan().SequenceEqual(other.Card)
        && Skills.Count == other.Skills.Count && Skills.Zip(other.Skills).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override int GetHashCode() => HashCode.Combine(Model, Skills.Count, Card.Length);

    /// <summary>Every vector, card first, as little-endian floats: [count][dimensions][values…].</summary>
    public byte[] ToBytes()
    {
        var vectors = Skills.Prepend(Card).ToList();
        var bytes = new byte[8 + vectors.Count * Card.Length * sizeof(float)];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), vectors.Count);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), Card.Length);
        for (var i = 0; i < vectors.Count; i++)
            MemoryMarshal.AsBytes(vectors[i].AsSpan()).CopyTo(bytes.AsSpan(8 + i * Card.Length * sizeof(float)));
        return bytes;
    }

    public static ListingEmbedding? FromBytes(string? model, byte[]? bytes)
    {
        if (model is null || bytes is not { Length: >= 8 }) return null;
        var count = BitConverter.ToInt32(bytes, 0);
        var dimensions = BitConverter.ToInt32(bytes, 4);
        if (count < 1 || dimensions < 1 || bytes.Length != 8 + (long)count * dimensions * sizeof(float)) return null;
        var vectors = Enumerable.Range(0, count)
            .Select(i => MemoryMarshal.Cast<byte, float>(bytes.AsSpan(8 + i * dimensions * sizeof(float), dimensions * sizeof(float))).ToArray())
            .ToList();
        return new ListingEmbedding(model, vectors[0], vectors.Skip(1).ToList());
    }
}

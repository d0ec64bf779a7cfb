using System.Numerics;
using System.Runtime.InteropServices;

namespace Marketplace.Search;

/// <summary>Dot products and normalisation over float vectors, SIMD-wide.</summary>
public static class Vectors
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Vectors of different lengths.");
        var sum = Vector<float>.Zero;
        var wide = MemoryMarshal.Cast<float, Vector<float>>(a);
        var wideB = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var i = 0; i < wide.Length; i++) sum += wide[i] * wideB[i];
        var dot = Vector.Sum(sum);
        for (var i = wide.Length * Vector<float>.Count; i < a.Length; i++) dot += a[i] * b[i];
        return dot;
    }

    /// <summary>Scales to unit length in place, so a dot product is the cosine.</summary>
    public static void Normalize(Span<float> v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm == 0) return;
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }
}

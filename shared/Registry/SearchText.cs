namespace Marketplace.Registry;

/// <summary>Tokenizer shared by indexing and querying, so both agree on what a word is.</summary>
public static class SearchText
{
    public static IEnumerable<string> Tokens(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0) start = i;
            else if (!isWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    // Words that carry no need of their own in a request ("how do I get my …"): in hybrid search they would only let
    // every card that happens to contain them into the keyword ranking, ahead of real matches by meaning.
    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "from", "by", "at", "as", "into", "about", "over",
        "is", "are", "was", "were", "be", "been", "am", "it", "its", "this", "that", "these", "those", "there", "here",
        "i", "me", "my", "we", "us", "our", "you", "your", "they", "them", "their", "he", "she", "his", "her",
        "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "might", "must",
        "how", "what", "which", "who", "whom", "when", "where", "why", "any", "some", "all", "each", "every",
        "not", "no", "so", "if", "than", "then", "too", "very", "just", "much", "many", "more", "most",
        "get", "got", "make", "want", "need", "help", "please", "like", "up", "out", "s", "t", "don", "i'm",
    };

    /// <summary>The query's words without those that carry no need; all of them when nothing else is left.</summary>
    public static List<string> SignificantTerms(IReadOnlyList<string> terms)
    {
        var significant = terms.Where(t => !StopWords.Contains(t)).ToList();
        return significant.Count > 0 ? significant : terms.ToList();
    }
}

using System.Text.RegularExpressions;

namespace Marketplace.Agents.TextAnalyst;

/// <summary>Deterministic text analysis shared by the skills.</summary>
public static partial class TextTools
{
    static readonly HashSet<string> Stopwords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is",
        "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "to", "too", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
        "one", "also", "can", "do", "does", "each", "every", "here", "how", "more", "most", "other", "some", "such", "very",
    ];

    public static IReadOnlyList<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    public static IReadOnlyList<string> Sentences(string text) =>
        SentencePattern().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    /// <summary>Significant words by frequency, ties alphabetical.</summary>
    public static IReadOnlyList<(string Word, int Count)> Keywords(string text, int top) =>
        Words(text).Where(w => w.Length > 1 && !Stopwords.Contains(w) && !w.All(char.IsDigit))
            .GroupBy(w => w).Select(g => (g.Key, g.Count()))
            .OrderByDescending(k => k.Item2).ThenBy(k => k.Key, StringComparer.Ordinal).Take(top).ToList();

    /// <summary>The best <paramref name="count"/> sentences by keyword weight, in their original order.</summary>
    public static IReadOnlyList<string> Summary(string text, int count)
    {
        var sentences = Sentences(text);
        var weights = Keywords(text, int.MaxValue).ToDictionary(k => k.Word, k => k.Count);
        return sentences
            .Select((s, i) => (Sentence: s, Index: i, Score: Words(s).Sum(w => weights.GetValueOrDefault(w))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(count)
            .OrderBy(x => x.Index).Select(x => x.Sentence).ToList();
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentencePattern();
}

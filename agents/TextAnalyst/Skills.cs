using System.Text.Json;
using Marketplace.A2A.Protocol;

namespace Marketplace.Agents.TextAnalyst;

public sealed record TextStats(int Words, int Sentences, int Characters, double AverageWordLength, double ReadingMinutes);

public sealed record Keyword(string Word, int Count);

public sealed class TextStatsSkill : ISkill
{
    public string Id => "text-stats";

    public Task RunAsync(SkillRun run)
    {
        var words = TextTools.Words(run.Text);
        var stats = new TextStats(words.Count, TextTools.Sentences(run.Text).Count, run.Text.Length,
            words.Count == 0 ? 0 : Math.Round(words.Average(w => w.Length), 2), Math.Round(words.Count / 200.0, 2));
        run.Usage["words"] = words.Count;
        return run.EmitAsync(Data.Artifact("text-stats", stats));
    }
}

public sealed class KeywordsSkill : ISkill
{
    public string Id => "keywords";

    public Task RunAsync(SkillRun run) =>
        run.EmitAsync(Data.Artifact("keywords", TextTools.Keywords(run.Text, 10).Select(k => new Keyword(k.Word, k.Count)).ToList()));
}

/// <summary>Streams the summary one sentence per artifact chunk; <c>delayMs</c> in metadata paces the chunks.</summary>
public sealed class SummarizeSkill : ISkill
{
    public string Id => "summarize";

    public async Task RunAsync(SkillRun run)
    {
        var sentences = TextTools.Summary(run.Text, Math.Clamp(run.MetadataInt("sentences") ?? 2, 1, 20));
        var delay = TimeSpan.FromMilliseconds(Math.Clamp(run.MetadataInt("delayMs") ?? 0, 0, 10_000));
        for (var i = 0; i < sentences.Count; i++)
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, run.Cancellation);
            var part = new Part { Text = (i == 0 ? "" : " ") + sentences[i], MediaType = "text/plain" };
            await run.EmitAsync(new Artifact("summary", [part]) { Name = "summary" }, append: i > 0, lastChunk: i == sentences.Count - 1);
        }
    }
}

static class Data
{
    public static Artifact Artifact<T>(string name, T value) =>
        new(name, [new Part { Data = JsonSerializer.SerializeToElement(value, Marketplace.Serialization.Json.Lenient), MediaType = "application/json" }]) { Name = name };
}

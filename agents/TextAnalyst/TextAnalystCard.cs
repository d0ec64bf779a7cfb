using Marketplace.Agents;
using Marketplace.Registry;

namespace Marketplace.Agents.TextAnalyst;

public static class TextAnalystCard
{
    public static AgentCard For(string baseUrl) => new(
        "Text Analyst",
        "Statistics, keywords and extractive summaries of plain text. Deterministic: the same text always gives the same answer.",
        AgentHost.Interfaces(baseUrl),
        "1.0.0",
        new AgentCapabilities { Streaming = true, PushNotifications = false },
        ["text/plain"],
        ["application/json", "text/plain"],
        [
            new("text-stats", "Text statistics", "Counts words, sentences and characters and estimates reading time.", ["text", "statistics"])
            {
                Examples = ["How long does this take to read?"], OutputModes = ["application/json"],
            },
            new("keywords", "Keyword extraction", "The ten most frequent significant words of a text.", ["text", "nlp", "keywords"])
            {
                OutputModes = ["application/json"],
            },
            new("summarize", "Extractive summary", "Picks the sentences that best summarize a text, streamed one sentence at a time.", ["text", "summary"])
            {
                OutputModes = ["text/plain"],
            },
        ])
    {
        Provider = new AgentProvider("https://example.com/marketplace-samples", "Marketplace Samples"),
    };
}

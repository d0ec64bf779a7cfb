using System.Text.Json.Nodes;

namespace Marketplace.Tests.Infrastructure;

/// <summary>Valid A2A v1.0 agent cards for tests.</summary>
public static class Cards
{
    public static JsonObject Valid(string name = "Text Analyst", string description = "Analyses text", string skillId = "keywords",
        string[]? tags = null, string inputMode = "text/plain") => new()
    {
        ["name"] = name,
        ["description"] = description,
        ["version"] = "1.0.0",
        ["supportedInterfaces"] = new JsonArray(new JsonObject
        {
            ["url"] = "https://agents.example.com/a2a",
            ["protocolBinding"] = "JSONRPC",
            ["protocolVersion"] = "1.0",
        }),
        ["capabilities"] = new JsonObject { ["streaming"] = true },
        ["defaultInputModes"] = new JsonArray(inputMode),
        ["defaultOutputModes"] = new JsonArray("application/json"),
        ["skills"] = new JsonArray(new JsonObject
        {
            ["id"] = skillId,
            ["name"] = "Keyword extraction",
            ["description"] = "Finds the keywords of a text",
            ["tags"] = new JsonArray((tags ?? ["nlp"]).Select(t => (JsonNode)t!).ToArray()),
        }),
    };
}

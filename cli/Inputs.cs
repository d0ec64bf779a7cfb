using System.Text.Json;

namespace Marketplace.Cli;

/// <summary>Reading what the user hands the tool: JSON inline, <c>@file</c>, or a file path.</summary>
public static class Inputs
{
    public static JsonElement ReadJsonFile(string path)
    {
        if (!File.Exists(path)) throw CliException.Usage($"No file '{path}'.");
        return ParseJson(File.ReadAllText(path), path);
    }

    /// <summary>JSON text, or <c>@path</c> for a file's contents.</summary>
    public static JsonElement JsonOrFile(string value) =>
        value.StartsWith('@') ? ReadJsonFile(value[1..]) : ParseJson(value, "--input");

    public static JsonElement ParseJson(string text, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw CliException.Usage($"{source} is not valid JSON: {e.Message}");
        }
    }
}

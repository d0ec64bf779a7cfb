using System.Globalization;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;

namespace Marketplace.Console.McpHub;

/// <summary>The register-a-tool form: an HTTP endpoint or an agent's skill, its input schema, and an optional rate limit.</summary>
public sealed class ToolRegistration
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Kind { get; set; } = "http";
    public string Method { get; set; } = "GET";
    public string UrlTemplate { get; set; } = "";
    public string AgentId { get; set; } = "";
    public string SkillId { get; set; } = "";
    public string InputSchema { get; set; } = """{ "type": "object", "properties": {} }""";
    public string PerMinute { get; set; } = "";

    /// <summary>The request, or the errors (by the API's JSON paths) that keep it from being sent.</summary>
    public (CreateToolRequest? Request, IReadOnlyList<FieldProblem> Errors) Build()
    {
        var errors = new List<FieldProblem>();
        JsonElement? schema = null;
        try
        {
            using var document = JsonDocument.Parse(InputSchema);
            schema = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors.Add(new("$.inputSchema", $"Not valid JSON: {e.Message}"));
        }
        ToolRateLimit? limit = null;
        if (!string.IsNullOrWhiteSpace(PerMinute))
        {
            if (int.TryParse(PerMinute.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var perMinute)) limit = new(perMinute, Math.Max(1, perMinute / 10));
            else errors.Add(new("$.rateLimit.perMinute", "A whole number of calls per minute."));
        }
        if (errors.Count > 0) return (null, errors);
        var request = new CreateToolRequest(Name.Trim())
        {
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            InputSchema = schema,
            Http = Kind == "http" ? JsonSerializer.SerializeToElement(new HttpToolSpec(Method, UrlTemplate.Trim()), ClientJson.Default.HttpToolSpec) : null,
            Skill = Kind == "skill" ? JsonSerializer.SerializeToElement(new AgentSkillSpec(AgentId.Trim(), SkillId.Trim()), ClientJson.Default.AgentSkillSpec) : null,
            RateLimit = limit is null ? null : JsonSerializer.SerializeToElement(limit, ClientJson.Default.ToolRateLimit),
        };
        return (request, []);
    }
}

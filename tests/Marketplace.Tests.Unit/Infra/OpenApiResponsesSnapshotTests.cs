using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.OpenApi;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// What the OpenAPI document promises for each operation (its parameters, and each response's status, media type and
/// schema) against the committed <c>openapi-operations.txt</c>: a response that disappears, say when a route's handler
/// changes how it lists them, fails here. Descriptions are left out on purpose: they are prose, not contract.
/// <c>MARKETPLACE_WRITE_OPENAPI=1</c> writes the file instead; review its diff.
/// </summary>
public sealed class OpenApiResponsesSnapshotTests
{
    static readonly string SnapshotPath = Path.Combine(NodeTools.RepoRoot, "tests", "Marketplace.Tests.Unit", "Infra", "openapi-operations.txt");

    [Fact]
    public void The_document_lists_exactly_the_committed_parameters_and_responses()
    {
        var lines = Lines(OpenApiDocument.Build(new ApiRouteTable().Routes));
        if (Environment.GetEnvironmentVariable("MARKETPLACE_WRITE_OPENAPI") == "1") File.WriteAllLines(SnapshotPath, lines);
        var committed = File.ReadAllLines(SnapshotPath);

        var lost = committed.Except(lines, StringComparer.Ordinal).ToList();
        Assert.True(lost.Count == 0, "No longer in the OpenAPI document:\n" + string.Join("\n", lost));
        var added = lines.Except(committed, StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0, "New in the OpenAPI document (run with MARKETPLACE_WRITE_OPENAPI=1 and commit the file):\n" + string.Join("\n", added));
    }

    /// <summary>One line per parameter and per response, e.g. <c>PUT /api/agents/{agentId} 412 application/problem+json ProblemDetails</c>.</summary>
    static List<string> Lines(JsonObject document)
    {
        var lines = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = $"{method.ToUpperInvariant()} {path}";
                foreach (var parameter in node!["parameters"]!.AsArray())
                    lines.Add($"{operation} {parameter!["in"]} {parameter["name"]}{(parameter["required"]!.GetValue<bool>() ? " required" : "")}");
                if (node["requestBody"]?["content"]?["application/json"]?["schema"] is { } body) lines.Add($"{operation} body {Schema(body)}");
                foreach (var (status, response) in node["responses"]!.AsObject())
                {
                    var content = response!["content"]?.AsObject().Single();
                    lines.Add(content is { } c ? $"{operation} {status} {c.Key} {Schema(c.Value!["schema"]!)}" : $"{operation} {status}");
                }
            }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    static string Schema(JsonNode schema) =>
        schema["$ref"]?.GetValue<string>().Split('/')[^1]
        ?? (schema["items"] is { } items ? $"[{Schema(items)}]" : schema["type"]?.ToString() ?? schema.ToJsonString());
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Client;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>
/// The client library against the server's own OpenAPI document: every operation it calls is routed, what it sends
/// has every member the API requires and nothing the API would refuse, and every member it reads is documented.
/// </summary>
[Collection("platform")]
public sealed class ClientOpenApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_operation_and_payload_of_the_client_matches_the_openapi_document()
    {
        using var http = platform.Client();
        var document = (await http.GetFromJsonAsync<JsonObject>("/api/openapi.json"))!;
        var problems = new List<string>();
        foreach (var operation in ApiOperations.All)
        {
            var name = $"{operation.Method} {operation.Path}";
            if (document["paths"]?[operation.Path]?[operation.Method.ToLowerInvariant()] is not JsonObject documented)
            {
                problems.Add($"{name}: not in the document");
                continue;
            }
            if (operation.Request is { } request)
            {
                var schema = documented["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema is null) problems.Add($"{name}: the client sends a body the document does not describe");
                else CompareRequest(problems, name, ClientJson.Default.GetTypeInfo(request)!, Resolve(document, schema, document).Node);
            }
            if (operation.Response is { } response)
            {
                var success = documented["responses"]!.AsObject().FirstOrDefault(r => r.Key.StartsWith('2') && r.Value?["content"] is not null).Value;
                var schema = success?["content"]?["application/json"]?["schema"];
                if (schema is null) problems.Add($"{name}: the client reads a body the document does not describe");
                else
                {
                    var (node, root) = Resolve(document, schema, document);
                    CompareRead(problems, name, ClientJson.Default.GetTypeInfo(response)!, node, root, document, depth: 0);
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(ApiOperations.All.Count >= 30);
    }

    /// <summary>What the client sends: each required member present, no member the strict API would reject as unknown.</summary>
    static void CompareRequest(List<string> problems, string operation, JsonTypeInfo info, JsonObject schema)
    {
        var documented = Properties(schema);
        var sent = Serialized(info).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            if (!sent.Contains(required)) problems.Add($"{operation}: request lacks required '{required}'");
        foreach (var member in sent)
            if (!documented.ContainsKey(member)) problems.Add($"{operation}: request sends undocumented '{member}'");
    }

    /// <summary>What the client reads: every member documented, recursively into nested records and lists.</summary>
    static void CompareRead(List<string> problems, string path, JsonTypeInfo info, JsonObject schema, JsonObject root, JsonObject document, int depth)
    {
        if (depth > 6) return;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                var elementType = info.ElementType!;
                if (schema["items"] is { } items && ClientJson.Default.GetTypeInfo(elementType) is { } element)
                {
                    var (node, itemRoot) = Resolve(document, items, root);
                    CompareRead(problems, path + "[]", element, node, itemRoot, document, depth + 1);
                }
                else if (schema["items"] is null) problems.Add($"{path}: documented as not a list");
                break;
            case JsonTypeInfoKind.Object:
                var documented = Properties(schema);
                foreach (var property in Serialized(info))
                {
                    if (!documented.TryGetValue(property.Name, out var child))
                    {
                        problems.Add($"{path}.{property.Name}: read by the client, not documented");
                        continue;
                    }
                    var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                    if (type == typeof(JsonElement) || type.IsPrimitive || type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(decimal)) continue;
                    if (ClientJson.Default.GetTypeInfo(type) is { } nested && child is not null)
                    {
                        var (node, childRoot) = Resolve(document, child, root);
                        CompareRead(problems, $"{path}.{property.Name}", nested, node, childRoot, document, depth + 1);
                    }
                }
                break;
        }
    }

    /// <summary>The members that travel: computed conveniences marked [JsonIgnore] stay in the client.</summary>
    static IEnumerable<JsonPropertyInfo> Serialized(JsonTypeInfo info) =>
        info.Properties.Where(p => p.Get is not null && p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), false) != true);

    static Dictionary<string, JsonNode?> Properties(JsonObject schema) =>
        (schema["properties"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) ?? [];

    /// <summary>
    /// Follows a $ref: to a component (which becomes the root for the refs inside it), or, as the schema exporter
    /// writes them, within the component schema it sits in.
    /// </summary>
    static (JsonObject Node, JsonObject Root) Resolve(JsonObject document, JsonNode schema, JsonObject root)
    {
        var node = schema.AsObject();
        for (var hops = 0; node["$ref"] is { } reference && hops < 10; hops++)
        {
            var pointer = reference.GetValue<string>();
            var component = pointer.StartsWith("#/components/", StringComparison.Ordinal);
            JsonNode? target = component ? document : root;
            foreach (var segment in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                target = target is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : target?[segment.Replace("~1", "/").Replace("~0", "~")];
            node = target?.AsObject() ?? throw new InvalidOperationException($"Unresolvable $ref {pointer}");
            if (component) root = node;
        }
        return (node, root);
    }
}

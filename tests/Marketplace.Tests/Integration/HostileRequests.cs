using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Http;

namespace Marketplace.Tests.Integration;

/// <summary>The catalogue of hostile values and the shapes every answer to them must have.</summary>
public static partial class HostileRequests
{
    /// <summary>Values for path parameters: each is URL-escaped into the segment it replaces.</summary>
    public static readonly string[] PathValues =
    [
        "a/b", "a\\b", "a#b", "a?b", "nul\0byte", "line\r\nbreak", "\u001b[31mred", "tab\tbed", "del\u007f", "c1\u0085",
        "100%", "' or ''='", "-1", "99999999999999999999999999", "ünïcödé", "🙂", "%2F", new string('x', 1024),
        new string('y', 900 * 1024),
    ];

    /// <summary>Values for query parameters: everything above, plus bad numbers, cursors and timestamps.</summary>
    public static readonly string[] QueryValues =
    [
        .. PathValues.Where(v => v.Length < 2000), "", " ", "0", "-1", "1e309", "2147483648", "true", "[]", "{}", "null",
        "!!!!", Convert.ToBase64String(Encoding.UTF8.GetBytes("1!8!garbage")), new string('A', 5000), "not-a-time",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", new string('z', 1024 * 1024),
    ];

    /// <summary>Bodies that are not the route's payload: empty, truncated, the wrong JSON type, unknown or repeated members.</summary>
    public static readonly string[] GenericBodies =
    [
        "", "{", "{\"a\":", "[1,2", "null", "[]", "\"text\"", "42", "true", "{\"zzUnknown\":1}", "{\"a\":1,\"a\":2}",
        "{\"a\":\"\u0000\"}", "\u00ef\u00bb\u00bf{}", new string('[', 5000),
    ];

    /// <summary>
    /// Valid payloads for routes whose bodies hold ids that become storage keys, and the members to poison: each
    /// id member is replaced by every value in <see cref="IdValues"/>, each label by a 900 KB one.
    /// </summary>
    public static readonly Dictionary<string, (string Body, string[] Ids, string[] Labels)> Templates = new()
    {
        ["tenants-create"] = ("""{"name":"Hostile","plan":"pro","id":"hostile-tenant"}""", ["id"], ["name"]),
        ["keys-create"] = ("""{"role":"reader","name":"k"}""", [], ["name"]),
        ["workflows-create"] = ("""{"id":"hostileflow","name":"n","steps":[{"id":"say","kind":"tool","tool":"notify","arguments":{"text":"hi"}}]}""", ["id"], ["name"]),
        ["tools-create"] = ("""{"name":"hostile-tool","description":"d","inputSchema":{"type":"object"},"http":{"method":"POST","urlTemplate":"https://api.example.com/x"}}""", ["name"], ["description"]),
        ["mcp-servers-create"] = ("""{"prefix":"hostile","url":"https://mcp.example.com/mcp"}""", ["prefix"], []),
        // The subject is hashed into the member id, so any text is a valid subject; only its length is limited.
        ["members-add"] = ("""{"role":"reader","issuer":"https://issuer.example","subject":"hostile-subject"}""", [], ["subject", "displayName"]),
        ["invitations-create"] = ("""{"role":"reader","email":"someone@example.com"}""", [], ["email"]),
    };

    public static readonly string LongLabel = new('l', 900 * 1024);

    /// <summary>Ids no resource may have; long labels are refused too.</summary>
    public static readonly string[] IdValues = ["a/b", "a\\b", "a#b", "a?b", "nul\0", "cr\rlf\n", "\u001b[2J", new string('x', 900 * 1024)];

    public static readonly string[] WrongContentTypes = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"];

    /// <summary>A value of none of the member's JSON types (numbers may also be read from strings); null for members of any type.</summary>
    public static JsonNode? WrongType(JsonNode? schema)
    {
        if (schema is not JsonObject s || s["type"] is not { } type) return null;
        var types = type is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToHashSet() : [type.GetValue<string>()];
        if (types.Contains("integer")) types.Add("number");
        var candidates = new (string Type, Func<JsonNode> Value)[] { ("object", () => new JsonObject()), ("boolean", () => true), ("string", () => "forty-two"), ("number", () => 42), ("array", () => new JsonArray()) };
        return candidates.FirstOrDefault(c => !types.Contains(c.Type)).Value?.Invoke();
    }

    /// <summary>The body's member with its value repeated: <c>{"m":1,"m":1,...}</c>.</summary>
    public static string DuplicateFirstMember(string body)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        var (name, value) = obj.First();
        return "{" + JsonSerializer.Serialize(name) + ":" + value!.ToJsonString() + "," + body.TrimStart()[1..];
    }

    public static string WithMember(string body, string member, string value)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        obj[member] = value;
        return obj.ToJsonString();
    }

    public static IEnumerable<string> Parameters(ApiRoute route) => ParameterPattern().Matches(route.Pattern).Select(m => m.Groups[1].Value);

    public static bool IsCatchAll(ApiRoute route, string name) => route.Pattern.Contains("{*" + name + "}", StringComparison.Ordinal);

    /// <summary>The route's path with the given values, each escaped as one segment (a catch-all keeps its slashes).</summary>
    public static string Path(ApiRoute route, IReadOnlyDictionary<string, string> values) =>
        ParameterPattern().Replace(route.Pattern, m =>
        {
            var value = values[m.Groups[1].Value];
            return IsCatchAll(route, m.Groups[1].Value) ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value);
        });

    [GeneratedRegex(@"\{\*?([A-Za-z]+)\}")]
    private static partial Regex ParameterPattern();

    /// <summary>Null when the answer has the shape the route documents; otherwise what is wrong with it.</summary>
    public static async Task<string?> ShapeProblemAsync(ApiRoute route, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500) return $"{status}: {Cut(body)}";
        if (body.Contains("   at ", StringComparison.Ordinal)) return $"internals in the body: {Cut(body)}";
        if (status < 400) return null;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // A request that is not HTTP at all names no endpoint: the host's problem answer is the right one there.
        if (Kind(route) == RouteKind.JsonRpc)
            return JsonRpcError(body) || TryParse(body)?["type"]?.ToString() == Problems.TypePrefix + "malformed-request" ? null : $"{status} is not a JSON-RPC error: {mediaType} {Cut(body)}";
        if (Kind(route) == RouteKind.A2ARest && mediaType is "application/json" or "application/a2a+json")
            return TryParse(body)?["error"]?["code"] is JsonValue ? null : $"{status} is not an A2A error: {Cut(body)}";
        if (mediaType != "application/problem+json") return $"{status} with {mediaType ?? "no content type"}, not problem+json: {Cut(body)}";
        var problem = TryParse(body);
        if (problem?["type"]?.GetValueKind() != JsonValueKind.String || problem["title"]?.GetValueKind() != JsonValueKind.String || problem["status"]?.GetValue<int>() != status)
            return $"{status}: a problem without type, title or the same status: {Cut(body)}";
        return null;
    }

    public enum RouteKind { Rest, JsonRpc, A2ARest, Other }

    public static RouteKind Kind(ApiRoute route) => route.Name switch
    {
        "a2a-jsonrpc" or "a2a-workflows-jsonrpc" or "a2a-concierge-jsonrpc" or "mcp" or "mcp-get" or "mcp-delete" => RouteKind.JsonRpc,
        "a2a-rest-get" or "a2a-rest-post" or "a2a-rest-delete" => RouteKind.A2ARest,
        _ => route.Doc is null ? RouteKind.Other : RouteKind.Rest,
    };

    /// <summary>A JSON-RPC error object, as plain JSON or as the first event of a server-sent stream.</summary>
    public static bool JsonRpcError(string body)
    {
        var json = body.TrimStart().StartsWith('{') ? body : body.Split('\n').FirstOrDefault(l => l.StartsWith("data:", StringComparison.Ordinal))?[5..];
        return TryParse(json)?["error"]?["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number;
    }

    public static JsonNode? TryParse(string? text)
    {
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;

    public static string Show(string value) => value.Length > 40 ? $"<{value.Length} chars {Regex.Escape(value[..10])}…>" : Regex.Escape(value);
}

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Hosting;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Integration.HostileRequests;

namespace Marketplace.Tests.Integration;

/// <summary>
/// Every route of the route table, called by a key allowed to call it with hostile path values, query values and
/// bodies: never a 5xx, always the documented error shape (problem+json on REST, JSON-RPC errors on protocol
/// endpoints), and nothing written. A new route is covered as soon as it is in the table. It has a platform of its
/// own: the no-write check compares the whole store, which other tests' late background work (a lifecycle billing a
/// task after its test ended) would otherwise change under it.
/// </summary>
[Collection(HostileInputCollection.Name)]
public sealed class HostileInputTests(IsolatedPlatformFixture platform) : IAsyncLifetime
{
    static readonly ApiRouteTable Table = new();
    TenantEstate estate = null!;
    JsonObject schemas = null!;

    public async Task InitializeAsync()
    {
        estate = await TenantEstate.CreateAsync(platform);
        await StoreSnapshot.SettledAsync(platform); // the estate's run, billing and analytics finish writing first
        using var client = platform.Client();
        schemas = (await ProblemAssert.ReadObject(await client.GetAsync("/api/openapi.json")))["components"]!["schemas"]!.AsObject();
    }

    public async Task DisposeAsync() => await estate.DisposeAsync();

    [Fact]
    public async Task Every_route_answers_hostile_input_with_a_4xx_in_its_own_shape_and_writes_nothing()
    {
        var failures = new ConcurrentBag<string>();
        var calls = 0;
        foreach (var route in Table.Routes.Where(r => r.Name != "health")) // health answers 503 when a dependency is down: by design
        {
            var before = await StoreSnapshot.TakeAsync(platform);
            var requests = Requests(route).ToList();
            Assert.NotEmpty(requests);
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (r, _) =>
            {
                using var client = ClientFor(route);
                using var message = r.Build(route);
                HttpResponseMessage response;
                try { response = await client.SendAsync(message); }
                catch (HttpRequestException e) { failures.Add($"{route.Name} {r.What}: no answer ({e.InnerException?.Message ?? e.Message})"); return; }
                using var disposeResponse = response;
                if (await ShapeProblemAsync(route, response) is { } problem) failures.Add($"{route.Name} {r.What}: {problem}");
                else if (route.Method != "GET" && response.IsSuccessStatusCode && Kind(route) == RouteKind.Rest) failures.Add($"{route.Name} {r.What}: accepted with {(int)response.StatusCode}");
                Interlocked.Increment(ref calls);
            });
            var written = (await StoreSnapshot.TakeAsync(platform)).Since(before);
            if (written.Count > 0) failures.Add($"{route.Name} wrote: {string.Join("; ", written.Take(5))}");
        }
        var logged = platform.Logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Select(l => Cut(l.Replace('\n', ' '))).Distinct().Take(10);
        Assert.True(failures.IsEmpty, $"{failures.Count} failures of {calls} calls:\n" + string.Join('\n', failures.Order().Take(150)) + "\nLogged:\n" + string.Join('\n', logged));
    }

    [Fact]
    public async Task Every_rest_route_that_needs_a_key_challenges_without_one()
    {
        var failures = new List<string>();
        foreach (var route in Table.Routes.Where(r => r.Doc is not null && !r.Access.Open))
        {
            foreach (var key in new string?[] { null, "mk_nope_nope", "\u0001bad" })
            {
                using var client = platform.Client();
                using var message = new HostileRequest("no key", Path(route, estate.PathValues), route.Method is "POST" or "PUT" ? "{}" : null).Build(route);
                if (key is not null) message.Headers.TryAddWithoutValidation("X-API-Key", key);
                using var response = await client.SendAsync(message);
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{route.Name} with {key ?? "no key"}: {(int)response.StatusCode}");
                else if (!response.Headers.WwwAuthenticate.Any(h => h.Scheme == "ApiKey") || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                    failures.Add($"{route.Name}: 401 without an ApiKey and Bearer challenge");
                else if (await ShapeProblemAsync(route, response) is { } problem) failures.Add($"{route.Name}: {problem}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    HttpClient ClientFor(ApiRoute route) => route.Access is { Admin: true, Roles.Count: 0 } ? platform.Admin() : platform.Client(estate.Key);

    IEnumerable<HostileRequest> Requests(ApiRoute route)
    {
        var body = route.Method is "POST" or "PUT" ? Templates.GetValueOrDefault(route.Name).Body ?? "{}" : null;
        // Path parameters: each hostile value in one parameter, the others real.
        foreach (var name in Parameters(route))
            foreach (var value in IsCatchAll(route, name) ? PathValues.Select(v => "tasks/" + v) : PathValues)
                yield return new($"path {name}={Show(value)}", Path(route, new Dictionary<string, string>(estate.PathValues) { [name] = value }), body);

        var path = Path(route, estate.PathValues);
        // Query parameters only where reading cannot change anything: a write route with all-valid path values would write.
        if (route.Method == "GET")
        {
            foreach (var q in route.Doc?.Query ?? [])
                foreach (var value in QueryValues)
                    yield return new($"query {q.Name}={Show(value)}", $"{path}?{q.Name}={Uri.EscapeDataString(value)}", null);
            yield return new("a query parameter repeated", $"{path}?limit=1&limit=2&cursor=a&cursor=b", null);
        }

        else if (!Parameters(route).Any() && route.Doc?.RequestBody is null && Kind(route) != RouteKind.JsonRpc)
            foreach (var b in GenericBodies) yield return new($"a stray body {Show(b)}", path, b);
        if (route.Name is "mcp-get" or "mcp-delete")
            foreach (var b in GenericBodies.Take(3)) yield return new($"{route.Method} with {Show(b)}", path, b);

        if (Kind(route) == RouteKind.JsonRpc && route.Method == "POST")
        {
            foreach (var (what, rpc) in JsonRpcBodies(route)) yield return new(what, path, rpc);
            foreach (var contentType in WrongContentTypes) yield return new($"content type {contentType}", path, """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{}}""", contentType);
        }
        if (route.Name == "a2a-rest-get")
        {
            var tasks = path[..(path.IndexOf("/rest/", StringComparison.Ordinal) + 6)] + "tasks";
            foreach (var p in new[] { "statusTimestampAfter", "pageToken", "pageSize", "historyLength", "status", "contextId", "includeArtifacts" })
                foreach (var value in QueryValues)
                    yield return new($"ListTasks {p}={Show(value)}", $"{tasks}?{p}={Uri.EscapeDataString(value)}", null);
        }
        if (route.Name == "a2a-rest-post")
        {
            var send = path[..(path.IndexOf("/rest/", StringComparison.Ordinal) + 6)] + "message:send";
            foreach (var b in GenericBodies) yield return new($"message:send body {Show(b)}", send, b);
            foreach (var b in new[] { """{"message":"x"}""", """{"message":{"messageId":5}}""", """{"message":{"role":"ROLE_USER","parts":[],"messageId":"m","messageId":"n"}}""" })
                yield return new($"message:send body {Show(b)}", send, b);
        }

        if (route.Doc?.RequestBody is { } type)
        {
            // An empty body starts a run with its defaults: a documented use, not a hostile one.
            foreach (var b in GenericBodies.Where(b => b.Length > 0 || route.Name != "runs-start")) yield return new($"body {Show(b)}", path, b);
            var properties = schemas[type.Name]?["properties"]?.AsObject() ?? [];
            foreach (var (member, schema) in properties)
                if (WrongType(schema) is { } wrong) yield return new($"body {member} of the wrong type", path, new JsonObject { [member] = wrong }.ToJsonString());
            if (properties.FirstOrDefault(p => p.Value is JsonObject s && s["type"]?.ToString() == "string").Key is { } text)
                yield return new($"body {text} of a mebibyte", path, new JsonObject { [text] = new string('m', 1024 * 1024) }.ToJsonString());
            foreach (var contentType in WrongContentTypes) yield return new($"{{}} as {contentType}", path, "{}", contentType);
            if (Templates.TryGetValue(route.Name, out var template))
            {
                foreach (var member in template.Ids)
                    foreach (var value in IdValues)
                        yield return new($"body {member}={Show(value)}", path, WithMember(template.Body, member, value));
                foreach (var member in template.Labels) yield return new($"body {member} of 900 KB", path, WithMember(template.Body, member, LongLabel));
                yield return new("body with a repeated member", path, DuplicateFirstMember(template.Body));
                yield return new("body with an unknown member", path, WithMember(template.Body, "zzUnknown", "x"));
                foreach (var contentType in WrongContentTypes) yield return new($"content type {contentType}", path, template.Body, contentType);
            }
        }
    }

    static IEnumerable<(string, string)> JsonRpcBodies(ApiRoute route)
    {
        foreach (var b in GenericBodies) yield return ($"body {Show(b)}", b);
        var envelopes = route.Name == "mcp"
            ? new[]
            {
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":"x"}""",
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":5,"capabilities":[],"clientInfo":"x"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"initialize","method":"tools/list","params":{}}""",
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}""",
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"notify\u0000","arguments":[]}}""",
                """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"!!!"}}""",
                """{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}""",
                """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""",
            }
            : new[]
            {
                """{"jsonrpc":"2.0","id":1,"method":"GetTask","method":"ListTasks","params":{}}""",
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"statusTimestampAfter":"yesterday"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"statusTimestampAfter":"0001-01-01T00:00:00Z"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"pageToken":"PAGE"}}""".Replace("PAGE", new string('A', 5000)),
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"pageToken":"a\u0000b"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"pageSize":-1,"historyLength":-5}}""",
                """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"contextId":"a/b#c"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"a/b\u0000c"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"IDS"}}""".Replace("IDS", new string('x', 900 * 1024)),
                """{"jsonrpc":"2.0","id":1,"method":"CancelTask","params":{"id":"#?"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":"x"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":42}""",
                """{"jsonrpc":"2.0","id":1,"method":"GetTaskPushNotificationConfig","params":{"taskId":"a/b","id":"c\\d"}}""",
                """{"jsonrpc":"2.0","id":1,"method":"DeleteTaskPushNotificationConfig","params":{"taskId":"\u0001","id":"?"}}""",
                """{"jsonrpc":"2.0","id":{"a":1},"method":"GetTask"}""",
                """{"jsonrpc":"2.0","id":1,"method":"NoSuchMethod"}""",
            };
        foreach (var e in envelopes) yield return ($"rpc {Show(e)}", e);
    }
}

/// <summary>One request of the catalogue: what it tries, where, and with which body.</summary>
public sealed record HostileRequest(string What, string PathAndQuery, string? Body, string ContentType = "application/json")
{

    public HttpRequestMessage Build(ApiRoute route)
    {
        var message = new HttpRequestMessage(new HttpMethod(route.Method), PathAndQuery);
        // A URL past the limit is refused (414) before the body is read, and the connection may close under a client
        // still sending one, breaking its pipe before it reads the answer: the body adds nothing there.
        if (Body is not null && PathAndQuery.Length <= RequestLimits.MaxUrlLength) message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) { Headers = { { "Content-Type", ContentType } } };
        // A body over the limit is refused by its Content-Length, unread: ask before sending it, as large uploads
        // should, so the client reads the 413 instead of writing into a closed connection.
        message.Headers.ExpectContinue = message.Content is not null && Body!.Length > 64 * 1024;
        message.Headers.TryAddWithoutValidation("A2A-Version", "1.0");
        if (route.Name.StartsWith("mcp", StringComparison.Ordinal)) message.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (route.Method == "PUT") message.Headers.TryAddWithoutValidation("If-Match", "\"garbage\"");
        return message;
    }
}

[CollectionDefinition(Name)]
public sealed class HostileInputCollection : ICollectionFixture<IsolatedPlatformFixture>
{
    public const string Name = "hostile-input";
}

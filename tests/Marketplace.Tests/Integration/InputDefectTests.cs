using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>
/// Each input an outside probe turned into a 500 (or an answer in the wrong shape), one by one: a 4xx problem or the
/// protocol's own error, and nothing written.
/// </summary>
[Collection("platform")]
public sealed class InputDefectTests(PlatformFixture platform)
{
    [Fact]
    public async Task Ids_that_cannot_be_table_keys_are_not_found_in_paths_and_invalid_in_bodies()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        foreach (var id in new[] { "a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%0Ab", "a%7Fb", new string('x', 300) })
        {
            await ProblemAssert.IsProblem(await client.GetAsync($"/api/tenants/{id}"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await client.GetAsync($"/api/tools/{id}"), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await client.DeleteAsync($"/api/tenants/{tenantId}/keys/{id}"), HttpStatusCode.NotFound);
        }
        using var admin = platform.Admin();
        foreach (var id in new[] { "a/b", "a\\b", "a#b", "a?b", "a\u0001b", new string('x', 900 * 1024) })
        {
            var created = await admin.PostAsJsonAsync("/api/tenants", new { name = "x", plan = "pro", id });
            Assert.True(created.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{(int)created.StatusCode} for a {id.Length}-character id");
            var tool = await client.PostAsJsonAsync("/api/tools", new { name = id, description = "d", inputSchema = new { type = "object" }, http = new { method = "GET", urlTemplate = "https://api.example.com/x" } });
            Assert.True(tool.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{(int)tool.StatusCode} for a {id.Length}-character tool name");
        }
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/tools"))!);
    }

    [Fact]
    public async Task An_unknown_keyword_in_a_workflow_input_schema_is_a_400_at_its_path()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var definition = new JsonObject
        {
            ["id"] = "schema-flow", ["name"] = "n",
            ["inputSchema"] = new JsonObject { ["type"] = "object", ["frobnicate"] = true, ["properties"] = new JsonObject { ["a"] = new JsonObject { ["type"] = "string", ["wibble"] = 1 } } },
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "wait", ["kind"] = "delay", ["seconds"] = 1 }),
        };
        var problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.BadRequest);
        Assert.Contains("$.inputSchema.frobnicate", ProblemAssert.ErrorPaths(problem));
        Assert.Contains("$.inputSchema.properties.a.wibble", ProblemAssert.ErrorPaths(problem));

        definition["inputSchema"] = new JsonObject { ["$ref"] = "#/$defs/nowhere" };
        problem = await ProblemAssert.IsProblem(await client.PostAsJsonAsync("/api/workflows", definition), HttpStatusCode.BadRequest);
        Assert.Contains("$.inputSchema", ProblemAssert.ErrorPaths(problem));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/workflows/schema-flow"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/analytics/usage?granularity=-1", "granularity")]
    [InlineData("/api/analytics/usage?granularity=7", "granularity")]
    [InlineData("/api/analytics/usage?granularity=hour,day", "granularity")]
    [InlineData("/api/billing/ledger?next=", "next")]
    public async Task Bad_query_values_are_400s_naming_the_parameter(string url, string parameter)
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var target = url.EndsWith("next=", StringComparison.Ordinal) ? url + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('q', 3750))) : url;
        var problem = await ProblemAssert.IsProblem(await client.GetAsync(target), HttpStatusCode.BadRequest);
        Assert.Equal([parameter], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Ledger_cursors_of_any_shape_are_400s()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        foreach (var cursor in new[] { new string('A', 5000), "!!!!", Convert.ToBase64String(Encoding.UTF8.GetBytes("a\u0000b c")), Convert.ToBase64String(new byte[] { 0xff, 0xfe }) })
        {
            var problem = await ProblemAssert.IsProblem(await client.GetAsync("/api/billing/ledger?next=" + Uri.EscapeDataString(cursor)), HttpStatusCode.BadRequest);
            Assert.Equal(["next"], ProblemAssert.ErrorPaths(problem));
        }
    }

    [Fact]
    public async Task An_unparsable_status_timestamp_is_invalid_params_on_both_bindings()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(), visibility = "private" }), HttpStatusCode.Created);
        var agentId = listing["agentId"]!.GetValue<string>();
        var error = await A2ARpc.ErrorAsync(client, agentId, "ListTasks", new JsonObject { ["statusTimestampAfter"] = "yesterday" });
        Assert.Equal(-32602, error["code"]!.GetValue<int>());
        using var rest = new HttpRequestMessage(HttpMethod.Get, $"/a2a/agents/{agentId}/rest/tasks?statusTimestampAfter=yesterday");
        rest.Headers.Add("A2A-Version", "1.0");
        var response = await client.SendAsync(rest);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_repeated_member_is_an_invalid_request_on_json_rpc_and_a_400_on_rest()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var listing = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid(), visibility = "private" }), HttpStatusCode.Created);
        var agentId = listing["agentId"]!.GetValue<string>();

        using var a2a = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{agentId}")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"GetTask","method":"ListTasks","params":{}}""", Encoding.UTF8, "application/json"),
        };
        a2a.Headers.Add("A2A-Version", "1.0");
        var a2aError = JsonNode.Parse(await (await client.SendAsync(a2a)).Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(-32600, a2aError["code"]!.GetValue<int>());

        var mcp = await client.SendAsync(McpPost("""{"jsonrpc":"2.0","id":1,"method":"tools/list","method":"initialize","params":{}}"""));
        Assert.Equal(-32600, JsonNode.Parse(await mcp.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());

        var rest = await client.PostAsync("/api/tools", new StringContent(
            """{"name":"dup","name":"dup2","description":"d","inputSchema":{"type":"object"},"http":{"method":"GET","urlTemplate":"https://api.example.com/x"}}""", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblem(rest, HttpStatusCode.BadRequest);
        Assert.Equal(["$.name"], ProblemAssert.ErrorPaths(problem));

        // Serializer messages are told in the API's terms, never with .NET type names.
        foreach (var body in new[] { """{"name":5}""", """{"surprise":1}""", """{"description":"d"}""" })
        {
            var text = await (await client.PostAsync("/api/tools", new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync();
            Assert.DoesNotContain("Marketplace.", text);
            Assert.DoesNotContain("System.", text);
        }
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/tools"))!);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":5,"capabilities":[],"clientInfo":"x"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}""")]
    public async Task Mcp_initialize_with_invalid_params_is_invalid_params(string body)
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var response = await client.SendAsync(McpPost(body));
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
        Assert.Equal(-32602, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Mcp_answers_405_and_413_as_json_rpc_errors()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, "/mcp"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.IsType<int>(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
        }
        var huge = McpPost("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\"" + new string('a', 3 * 1024 * 1024) + "\"}}");
        huge.Headers.ExpectContinue = true; // refused by Content-Length, unread: ask before sending, as large uploads should
        var tooLarge = await client.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.IsType<int>(JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rest_401s_carry_a_challenge()
    {
        using var client = platform.Client("mk_not_a_key");
        var response = await client.GetAsync("/api/tools");
        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey" && h.Parameter == "realm=\"marketplace\"");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task The_versions_of_an_unknown_workflow_are_not_found()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/workflows/never-made/versions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_hosts_own_answers_to_oversized_or_unparseable_requests_are_problems()
    {
        var (_, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/agents?q=" + new string('q', 20_000)), HttpStatusCode.RequestUriTooLong);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/agents?q=" + new string('q', 3 * 1024 * 1024)), HttpStatusCode.RequestUriTooLong);
        using (var headers = new HttpRequestMessage(HttpMethod.Get, "/api/agents"))
        {
            headers.Headers.Add("X-Padding", new string('h', 40_000));
            await ProblemAssert.IsProblem(await client.SendAsync(headers), HttpStatusCode.RequestHeaderFieldsTooLarge);
        }
        using (var many = new HttpRequestMessage(HttpMethod.Get, "/api/agents"))
        {
            for (var i = 0; i < 150; i++) many.Headers.Add($"X-H{i}", "v");
            await ProblemAssert.IsProblem(await client.SendAsync(many), HttpStatusCode.RequestHeaderFieldsTooLarge);
        }
        await ProblemAssert.IsProblem(await client.GetAsync("/api/agents/a%00b"), HttpStatusCode.BadRequest);
        // Refused by its Content-Length, unread: with 100-continue the client waits for that answer instead of writing
        // into a connection the host is closing.
        using (var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/agents")
        {
            Content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024])) { Headers = { { "Content-Type", "application/json" } } },
        })
        {
            oversized.Headers.ExpectContinue = true;
            await ProblemAssert.IsProblem(await client.SendAsync(oversized), HttpStatusCode.RequestEntityTooLarge);
        }

        // A request line that is not HTTP at all, sent raw: Kestrel answers it alone, and still with a problem.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(platform.BaseAddress.Host, platform.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var raw = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 400", raw);
        Assert.Contains("Content-Type: application/problem+json", raw);
        Assert.Contains("\"status\":400", raw);
    }

    static HttpRequestMessage McpPost(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return request;
    }
}

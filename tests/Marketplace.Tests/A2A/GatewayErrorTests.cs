using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>Every error path of the gateway's two bindings, over raw HTTP (the SDK hides some of them). Never a 500.</summary>
[Collection("platform-gateway")]
public sealed class GatewayErrorTests(PlatformFixture platform) : IAsyncLifetime
{
    string key = "";
    string agentId = "";

    public async Task InitializeAsync()
    {
        (_, key) = await platform.NewTenantAsync("developer");
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        // A listing whose agent is never reached: these requests all fail before any upstream call.
        agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", -32700, null)]
    [InlineData("[1]", -32600, null)]
    [InlineData("{\"jsonrpc\": \"1.0\", \"id\": 7, \"method\": \"GetTask\"}", -32600, 7)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": 5}", -32600, 8)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tasks/get\", \"params\": {}}", -32601, 9)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 10, \"method\": \"GetTask\", \"params\": []}", -32602, 10)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 11, \"method\": \"GetTask\", \"params\": {\"id\": 42}}", -32602, 11)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 12, \"method\": \"GetTask\", \"params\": {}}", -32602, 12)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 13, \"method\": \"GetTask\", \"params\": {\"id\": \"tsk-nope\"}}", -32001, 13)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 14, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": []}}}", -32602, 14)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 15, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_AGENT\", \"parts\": [{\"text\": \"x\"}]}}}", -32602, 15)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 16, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_BOSS\", \"parts\": [{\"text\": \"x\"}]}}}", -32602, 16)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 17, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"x\", \"url\": \"https://a.example\"}]}}}", -32602, 17)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 18, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"x\"}], \"task_id\": \"tsk-unknown\"}}}", -32001, 18)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 19, \"method\": \"CancelTask\", \"params\": {\"id\": \"tsk-unknown\"}}", -32001, 19)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 20, \"method\": \"GetExtendedAgentCard\"}", -32004, 20)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 21, \"method\": \"ListTasks\", \"params\": {\"pageSize\": 0}}", -32602, 21)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 22, \"method\": \"CreateTaskPushNotificationConfig\", \"params\": {\"taskId\": \"tsk-unknown\", \"url\": \"https://hooks.example\"}}", -32001, 22)]
    public async Task Json_rpc_errors_carry_the_right_code_and_id(string body, int code, int? id)
    {
        var response = await Rpc(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2.0", envelope["jsonrpc"]!.GetValue<string>());
        Assert.Equal(code, envelope["error"]!["code"]!.GetValue<int>());
        Assert.Equal(id, envelope["id"]?.GetValue<int>());
        Assert.Null(envelope["result"]);
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", envelope["error"]!["data"]![0]!["@type"]!.GetValue<string>());
    }

    /// <summary>A request without A2A-Version is 0.3: a 0.3 method is served, and its bad input gets 0.3's (shared) codes.</summary>
    [Theory]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 31, \"method\": \"message/send\", \"params\": {}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 32, \"method\": \"message/send\", \"params\": {\"message\": {\"kind\": \"message\", \"messageId\": \"m\", \"role\": \"user\", \"parts\": [{\"kind\": \"video\"}]}}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 33, \"method\": \"message/send\", \"params\": {\"message\": {\"kind\": \"message\", \"messageId\": \"m\", \"role\": \"user\", \"parts\": [{\"kind\": \"file\", \"file\": {\"bytes\": \"AA==\", \"uri\": \"https://x.example\"}}]}}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 34, \"method\": \"message/send\", \"params\": {\"message\": {\"kind\": \"message\", \"messageId\": \"m\", \"role\": \"boss\", \"parts\": [{\"kind\": \"text\", \"text\": \"x\"}]}}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 35, \"method\": \"message/send\", \"params\": {\"message\": {\"kind\": \"message\", \"messageId\": \"m\", \"role\": \"user\", \"parts\": [{\"kind\": \"text\"}]}}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 36, \"method\": \"tasks/get\", \"params\": {\"id\": 42}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 37, \"method\": \"tasks/get\", \"params\": {\"id\": \"tsk-nope\"}}", -32001)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 38, \"method\": \"tasks/cancel\", \"params\": {\"id\": \"tsk-nope\"}}", -32001)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 39, \"method\": \"tasks/resubscribe\", \"params\": {\"id\": \"tsk-nope\"}}", -32001)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 40, \"method\": \"tasks/pushNotificationConfig/set\", \"params\": {\"taskId\": \"tsk-nope\"}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 41, \"method\": \"tasks/pushNotificationConfig/get\", \"params\": {\"id\": \"tsk-nope\"}}", -32001)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 42, \"method\": \"tasks/pushNotificationConfig/delete\", \"params\": {\"id\": \"tsk-nope\"}}", -32602)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 43, \"method\": \"agent/getAuthenticatedExtendedCard\"}", -32007)]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": 44, \"method\": \"tasks/get\"}", -32602)]
    public async Task Malformed_0_3_requests_get_their_json_rpc_error_not_a_500(string body, int code)
    {
        var response = await Rpc(body, version: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, envelope["error"]!["code"]!.GetValue<int>());
        Assert.Equal(JsonNode.Parse(body)!["id"]!.GetValue<int>(), envelope["id"]!.GetValue<int>());
        Assert.Null(envelope["result"]);
    }

    [Fact]
    public async Task A_0_3_method_with_a2a_version_1_0_is_not_a_1_0_method()
    {
        var response = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"message/send\", \"params\": {}}");
        Assert.Equal(-32601, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_request_without_a2a_version_is_treated_as_0_3_and_refused()
    {
        var response = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}", version: null);
        var envelope = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(-32009, envelope["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Authentication_and_unknown_agents_fail_at_the_http_level_too()
    {
        var anonymous = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}", apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);
        var admin = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}", apiKey: PlatformFixture.AdminKey);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        var missing = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": {\"id\": \"x\"}}", agent: "agt-missing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(-32000, JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_reader_key_may_read_but_not_send()
    {
        var (tenantId, _) = await platform.NewTenantAsync();
        var reader = await platform.NewKeyAsync(tenantId, "reader");
        var response = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"SendMessage\", \"params\": {\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": [{\"text\": \"x\"}]}}}", apiKey: reader);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_requests_are_413_on_both_bindings()
    {
        var big = new string('x', 1024 * 1024 + 10);
        // The gateway refuses by Content-Length without reading the body; a client that asks before sending one
        // (Expect: 100-continue) gets the answer, where one still writing could find the connection already closed.
        var rpc = await Rpc($"{{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"SendMessage\", \"params\": {{\"message\": {{\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": [{{\"text\": \"{big}\"}}]}}}}}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rpc.StatusCode);
        var rest = await Rest(HttpMethod.Post, "message:send", $"{{\"message\": {{\"messageId\": \"m\", \"role\": \"ROLE_USER\", \"parts\": [{{\"text\": \"{big}\"}}]}}}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rest.StatusCode);
    }

    [Theory]
    [InlineData("GET", "tasks/tsk-unknown", null, 404, "TASK_NOT_FOUND")]
    [InlineData("POST", "tasks/tsk-unknown:cancel", null, 404, "TASK_NOT_FOUND")]
    [InlineData("GET", "tasks?status=TASK_STATE_SLEEPING", null, 400, "INVALID_PARAMS")]
    [InlineData("GET", "tasks?pageSize=abc", null, 400, "INVALID_PARAMS")]
    [InlineData("GET", "extendedAgentCard", null, 400, "UNSUPPORTED_OPERATION")]
    [InlineData("POST", "message:send", "{\"message\": ", 400, "PARSE_ERROR")]
    [InlineData("POST", "message:send", "{\"message\": {\"messageId\": \"m\", \"role\": \"ROLE_USER\"}}", 400, "INVALID_PARAMS")]
    [InlineData("GET", "no/such/route", null, 404, "METHOD_NOT_FOUND")]
    [InlineData("POST", "tasks/tsk-unknown/pushNotificationConfigs", "{\"url\": \"https://hooks.example\"}", 404, "TASK_NOT_FOUND")]
    public async Task Rest_errors_are_google_rpc_status_objects(string method, string path, string? body, int status, string reason)
    {
        var response = await Rest(new HttpMethod(method), path, body);
        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(status, error["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(error["status"]!.GetValue<string>()));
        Assert.Equal(reason, error["details"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_before_a_stream_starts_are_plain_responses_not_sse()
    {
        var rpc = await Rpc("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"SubscribeToTask\", \"params\": {\"id\": \"tsk-unknown\"}}");
        Assert.Equal("application/json", rpc.Content.Headers.ContentType?.MediaType);
        Assert.Equal(-32001, JsonNode.Parse(await rpc.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
        var rest = await Rest(HttpMethod.Post, "tasks/tsk-unknown:subscribe", null);
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.NotEqual("text/event-stream", rest.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cards_are_cacheable_and_conditional()
    {
        using var client = platform.Client();
        var first = await client.GetAsync($"/a2a/agents/{agentId}/.well-known/agent-card.json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Contains("max-age", first.Headers.CacheControl?.ToString());
        var request = new HttpRequestMessage(HttpMethod.Get, $"/a2a/agents/{agentId}/.well-known/agent-card.json");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/a2a/agents/agt-missing/.well-known/agent-card.json")).StatusCode);
    }

    async Task<HttpResponseMessage> Rpc(string body, string? version = "1.0", string? apiKey = "", string? agent = null)
    {
        using var client = platform.Client(apiKey == "" ? key : apiKey);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/a2a/agents/{agent ?? agentId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        if (version is not null) request.Headers.TryAddWithoutValidation("A2A-Version", version);
        return await client.SendAsync(request);
    }

    async Task<HttpResponseMessage> Rest(HttpMethod method, string path, string? body)
    {
        using var client = platform.Client(key);
        var request = new HttpRequestMessage(method, $"/a2a/agents/{agentId}/rest/{path}");
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.ExpectContinue = body?.Length > 64 * 1024;
        request.Headers.TryAddWithoutValidation("A2A-Version", "1.0");
        return await client.SendAsync(request);
    }
}

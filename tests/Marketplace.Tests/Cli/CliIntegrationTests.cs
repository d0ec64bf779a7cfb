using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Cli;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>The real command tree against a standalone host and the sample agents, asserting on <c>--output json</c>.</summary>
[Collection("platform")]
public sealed class CliIntegrationTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>, IDisposable
{
    readonly string files = Directory.CreateTempSubdirectory("mkt-files-").FullName;

    public void Dispose() => Directory.Delete(files, recursive: true);

    [Fact]
    public async Task Sign_in_on_a_platform_without_an_issuer_is_refused_and_asks_for_a_key()
    {
        using var cli = new CliRunner();
        var device = await cli.RunAsync("login", "--url", platform.BaseAddress.ToString(), "--device");
        Assert.Equal(ExitCodes.Usage, device.ExitCode);
        Assert.Contains("Sign-in with OIDC is not configured on this platform", device.Err);
        var browser = await cli.RunAsync("login", "--url", platform.BaseAddress.ToString());
        Assert.Equal(ExitCodes.Usage, browser.ExitCode);
        Assert.Contains("give an API key with --key KEY", browser.Err);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Login_saves_a_private_profile_whoami_never_prints_the_key_and_keys_are_created_listed_and_revoked()
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        using var cli = new CliRunner();
        var login = await cli.JsonAsync("login", "--url", platform.BaseAddress.ToString(), "--key", key);
        Assert.Equal(tenantId, login["tenantId"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        Assert.Contains(key, File.ReadAllText(cli.ConfigPath));

        var whoami = await cli.RunAsync("whoami", "-o", "json");
        var who = whoami.Json();
        Assert.Equal((tenantId, "owner", "pro"), (who["tenantId"]!.GetValue<string>(), who["role"]!.GetValue<string>(), who["plan"]!.GetValue<string>()));
        Assert.StartsWith($"mk.{tenantId}.", who["keyPrefix"]!.GetValue<string>());
        var secret = key.Split('.')[3];
        Assert.DoesNotContain(secret, whoami.Out);
        Assert.DoesNotContain(secret, (await cli.RunAsync("whoami")).Out);

        var created = await cli.JsonAsync("keys", "create", "--role", "reader", "--name", "ci");
        var readerKey = created["key"]!.GetValue<string>();
        var keyId = created["keyId"]!.GetValue<string>();
        Assert.StartsWith($"mk.{tenantId}.{keyId}.", readerKey);
        var listed = (await cli.JsonAsync("keys", "list")).AsArray();
        Assert.Contains(listed, k => k!["keyId"]!.GetValue<string>() == keyId && k["role"]!.GetValue<string>() == "reader");
        Assert.DoesNotContain(readerKey.Split('.')[3], listed.ToJsonString());

        // The reader key works until it is revoked; then it is an authentication failure (exit 4).
        using (var reader = new CliRunner(platform.BaseAddress, readerKey))
        {
            Assert.Equal(tenantId, (await reader.JsonAsync("whoami"))["tenantId"]!.GetValue<string>());
            await cli.JsonAsync("keys", "revoke", keyId);
            var refused = await reader.RunAsync("billing", "balance");
            Assert.Equal(ExitCodes.Auth, refused.ExitCode);
            Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        var revoked = (await cli.JsonAsync("keys", "list")).AsArray().Single(k => k!["keyId"]!.GetValue<string>() == keyId)!;
        Assert.NotNull(revoked["revokedAt"]);

        // Environment variables override the saved profile; logout forgets it.
        using (var bogus = new CliRunner(platform.BaseAddress, "mk.nobody.nokey.nosecret"))
            Assert.Equal(ExitCodes.Auth, (await bogus.RunAsync("billing", "balance")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("logout")).ExitCode);
        Assert.Equal(ExitCodes.Auth, (await cli.RunAsync("whoami")).ExitCode);
    }

    [Fact]
    public async Task Publish_search_show_update_and_retire_an_agent_and_talk_to_it_with_streaming()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = new CliRunner(platform.BaseAddress, publisherKey);
        var listing = await publisher.JsonAsync("agents", "publish", "--card-url", agents.TextAnalyst.CardUrl, "--public");
        var agentId = listing["agentId"]!.GetValue<string>();
        Assert.Equal(("public", 1), (listing["visibility"]!.GetValue<string>(), listing["version"]!.GetValue<int>()));

        var invalid = await publisher.RunAsync("agents", "publish", "--card", WriteTemp("""{"name":""}"""));
        Assert.Equal(ExitCodes.Failure, invalid.ExitCode);
        Assert.StartsWith("error: ", invalid.Err);
        Assert.Contains("  $.", invalid.Err); // each validation problem on its own line, by JSON path

        var (_, callerKey) = await platform.NewTenantAsync("developer");
        using var caller = new CliRunner(platform.BaseAddress, callerKey);
        // The shared host lists many copies of this card by now: follow the pages until this one shows.
        var hits = await Eventually.Get(async () =>
        {
            string? cursor = null;
            do
            {
                string[] args = cursor is null ? ["agents", "search", "keywords", "--limit", "100"] : ["agents", "search", "keywords", "--limit", "100", "--cursor", cursor];
                var page = await caller.JsonAsync(args);
                if (page["items"]!.AsArray().Any(h => h!["agentId"]!.GetValue<string>() == agentId)) return page;
                cursor = page["nextCursor"]?.GetValue<string>();
            }
            while (cursor is not null);
            return null;
        });
        Assert.NotNull(hits["items"]);
        Assert.Equal(agentId, (await caller.JsonAsync("agents", "show", agentId))["agentId"]!.GetValue<string>());
        Assert.Equal(ExitCodes.NotFound, (await caller.RunAsync("agents", "show", "no-such-agent-" + Guid.NewGuid().ToString("N"))).ExitCode);

        // Streaming: one JSON event per line as it arrives, ending with the completed task and its keywords.
        var streamed = await caller.RunAsync("send", agentId, "Cats purr. Dogs bark. Cats sleep.", "--skill", "keywords", "--stream", "-o", "json");
        Assert.True(streamed.ExitCode == 0, streamed.Err + streamed.Out);
        var events = streamed.JsonLines();
        Assert.True(events.Count >= 2, streamed.Out);
        var taskId = events.Select(e => e["task"]?["id"] ?? e["statusUpdate"]?["taskId"] ?? e["artifactUpdate"]?["taskId"]).First(id => id is not null)!.GetValue<string>();
        Assert.Contains(events, e => e["statusUpdate"]?["status"]?["state"]?.GetValue<string>() == "TASK_STATE_COMPLETED" || e["task"]?["status"]?["state"]?.GetValue<string>() == "TASK_STATE_COMPLETED");
        Assert.Contains("cats", streamed.Out, StringComparison.OrdinalIgnoreCase);

        var table = await caller.RunAsync("send", agentId, "Cats purr. Dogs bark.", "--skill", "keywords", "--stream");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Task ", table.Out);
        Assert.Contains(": completed", table.Out);

        var sent = await caller.JsonAsync("send", agentId, "Cats purr.", "--skill", "keywords");
        Assert.Equal("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());

        var task = await caller.JsonAsync("tasks", "get", taskId, "--agent", agentId);
        Assert.Equal(taskId, task["id"]!.GetValue<string>());
        var tasks = await caller.JsonAsync("tasks", "list", "--agent", agentId);
        Assert.Contains(tasks["tasks"]!.AsArray(), t => t!["id"]!.GetValue<string>() == taskId);
        Assert.Equal(ExitCodes.NotFound, (await caller.RunAsync("tasks", "get", "no-such-task", "--agent", agentId)).ExitCode);
        Assert.Equal(ExitCodes.Auth, (await caller.RunAsync("agents", "publish", "--card-url", agents.TextAnalyst.CardUrl)).ExitCode); // developers do not publish

        // Updates carry the ETag; versions list newest first; delete retires.
        var updated = await publisher.JsonAsync("agents", "update", agentId, "--private");
        Assert.Equal(("private", 2), (updated["visibility"]!.GetValue<string>(), updated["version"]!.GetValue<int>()));
        var versions = await publisher.JsonAsync("agents", "versions", agentId);
        Assert.Equal([2, 1], versions["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal("retired", (await publisher.JsonAsync("agents", "delete", agentId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_agent_published_from_a_card_file_is_found_and_called_by_its_name()
    {
        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var cli = new CliRunner(platform.BaseAddress, ownerKey);
        using var http = new HttpClient();
        var card = JsonNode.Parse(await http.GetStringAsync(agents.TextAnalyst.CardUrl))!.AsObject();
        var name = "Analyst " + Guid.NewGuid().ToString("N")[..8];
        card["name"] = name;
        var listing = await cli.JsonAsync("agents", "publish", "--card", WriteTemp(card.ToJsonString()), "--private");
        var agentId = listing["agentId"]!.GetValue<string>();
        Assert.Equal("private", listing["visibility"]!.GetValue<string>());

        var shown = await Eventually.Get(async () =>
        {
            var result = await cli.RunAsync("agents", "show", name, "-o", "json");
            return result.ExitCode == 0 ? result.Json() : null;
        });
        Assert.Equal(agentId, shown["agentId"]!.GetValue<string>());
        var sent = await cli.JsonAsync("send", name, "Cats purr. Dogs bark.", "--skill", "keywords");
        Assert.Equal(agentId, sent["agentId"]!.GetValue<string>());
        Assert.Equal("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Push_a_workflow_run_it_to_completion_with_wait_and_approve_a_waiting_step()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = new CliRunner(platform.BaseAddress, publisherKey);
        var agentId = (await publisher.JsonAsync("agents", "publish", "--card-url", agents.TextAnalyst.CardUrl, "--public"))["agentId"]!.GetValue<string>();

        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var cli = new CliRunner(platform.BaseAddress, ownerKey);
        var analyse = WriteTemp($$$"""
            {"id":"analyse","name":"Analyse","steps":[{"id":"words","kind":"agent","agent":"{{{agentId}}}","skill":"keywords","message":"{{/input/text}}"}]}
            """);
        var checkedValid = await cli.JsonAsync("workflows", "validate", analyse);
        Assert.True(checkedValid["valid"]!.GetValue<bool>() && checkedValid["serverChecked"]!.GetValue<bool>(), checkedValid.ToJsonString());
        // Schema-valid, but the marketplace knows no such agent: the dry run says where, and saves nothing.
        var ghost = WriteTemp("""{"id":"ghost","name":"Ghost","steps":[{"id":"s","kind":"agent","agent":"agt-nobody","skill":"x","message":"hi"}]}""");
        var refused = await cli.RunAsync("workflows", "validate", ghost, "-o", "json");
        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains(System.Text.Json.Nodes.JsonNode.Parse(refused.Out)!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("$.steps[0].agent:", StringComparison.Ordinal));
        Assert.True((await cli.JsonAsync("workflows", "validate", ghost, "--offline"))["valid"]!.GetValue<bool>());
        Assert.DoesNotContain((await cli.JsonAsync("workflows", "list")).AsArray(), w => w!["workflowId"]!.GetValue<string>() == "ghost");
        Assert.Equal(1, (await cli.JsonAsync("workflows", "push", analyse))["version"]!.GetValue<int>());
        Assert.Equal(2, (await cli.JsonAsync("workflows", "push", analyse))["version"]!.GetValue<int>());
        Assert.Contains((await cli.JsonAsync("workflows", "list")).AsArray(), w => w!["workflowId"]!.GetValue<string>() == "analyse");
        Assert.Equal(2, (await cli.JsonAsync("workflows", "show", "analyse"))["latest"]!["version"]!.GetValue<int>());
        Assert.Equal(2, (await cli.JsonAsync("workflows", "versions", "analyse")).AsArray().Count);

        var waited = await cli.RunAsync("runs", "start", "analyse", "--input", """{"text":"Cats purr. Dogs bark. Cats sleep."}""", "--wait", "-o", "json");
        Assert.True(waited.ExitCode == 0, waited.Err + waited.Out);
        var done = waited.Json();
        Assert.Equal("completed", done["run"]!["state"]!.GetValue<string>());
        Assert.Equal("completed", done["steps"]!.AsArray().Single()!["state"]!.GetValue<string>());
        Assert.Contains("words (agent) completed", waited.Err); // per-step progress, kept off stdout for scripts

        var gated = WriteTemp("""{"id":"gated","name":"Gated","steps":[{"id":"ok","kind":"approval","prompt":"Send {{/input/amount}}?","timeoutSeconds":3600}]}""");
        await cli.JsonAsync("workflows", "push", gated);
        var runId = (await cli.JsonAsync("runs", "start", "gated", "--input", """{"amount":5}"""))["runId"]!.GetValue<string>();
        await Eventually.Get(async () =>
            (await cli.JsonAsync("runs", "show", runId))["steps"]!.AsArray().Any(s => s!["stepPath"]!.GetValue<string>() == "ok" && s["state"]!.GetValue<string>() == "waiting") ? "" : null);
        var decided = await cli.JsonAsync("runs", "approve", runId, "ok", "--comment", "fine");
        Assert.Equal("ok", decided["stepPath"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Failure, (await cli.RunAsync("runs", "approve", runId, "ok", "--reject")).ExitCode); // already decided: 409
        var watched = await cli.RunAsync("runs", "watch", runId, "-o", "json");
        Assert.True(watched.ExitCode == 0, watched.Err + watched.Out);
        Assert.Equal("completed", watched.Json()["run"]!["state"]!.GetValue<string>());
        Assert.Contains((await cli.JsonAsync("runs", "list", "--workflow", "gated"))["items"]!.AsArray(), r => r!["runId"]!.GetValue<string>() == runId);

        // A rejected run fails, and --wait says so with exit 1.
        var rejectedId = (await cli.JsonAsync("runs", "start", "gated", "--input", """{"amount":7}"""))["runId"]!.GetValue<string>();
        await Eventually.Get(async () =>
            (await cli.JsonAsync("runs", "show", rejectedId))["steps"]!.AsArray().Any(s => s!["state"]!.GetValue<string>() == "waiting") ? "" : null);
        await cli.JsonAsync("runs", "approve", rejectedId, "ok", "--reject", "--comment", "too much");
        var failed = await cli.RunAsync("runs", "watch", rejectedId, "-o", "json");
        Assert.Equal(ExitCodes.Failure, failed.ExitCode);
        Assert.Equal("failed", System.Text.Json.Nodes.JsonNode.Parse(failed.Out)!["run"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ctrl_c_while_watching_stops_cleanly_and_says_how_to_resume()
    {
        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        using var cli = new CliRunner(platform.BaseAddress, ownerKey);
        await cli.JsonAsync("workflows", "push", WriteTemp("""{"id":"held","name":"Held","steps":[{"id":"ok","kind":"approval","timeoutSeconds":3600}]}"""));
        var runId = (await cli.JsonAsync("runs", "start", "held"))["runId"]!.GetValue<string>();

        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var watched = await cli.RunAsync(["runs", "watch", runId], interrupt.Token);
        Assert.Equal(ExitCodes.Interrupted, watched.ExitCode);
        Assert.Contains($"Resume with: mkt runs watch {runId}", watched.Out);
        Assert.DoesNotContain("   at ", watched.Out + watched.Err);
        await cli.JsonAsync("runs", "cancel", runId);
    }

    [Fact]
    public async Task Billing_balance_usage_and_statement_and_reviews_after_paid_use()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = new CliRunner(platform.BaseAddress, publisherKey);
        var agentId = (await publisher.JsonAsync("agents", "publish", "--card-url", agents.TextAnalyst.CardUrl, "--public", "--price", "100"))["agentId"]!.GetValue<string>();

        var (tenantId, key) = await platform.NewTenantAsync("owner");
        using (var admin = platform.Admin())
            await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10_000 }));
        using var cli = new CliRunner(platform.BaseAddress, key);
        var balance = await cli.JsonAsync("billing", "balance");
        Assert.Equal((tenantId, 10_000L), (balance["tenantId"]!.GetValue<string>(), balance["balance"]!.GetValue<long>()));
        Assert.Contains("Balance:   0.010000 credits", (await cli.RunAsync("billing", "balance")).Out);

        Assert.Equal(ExitCodes.Auth, (await cli.RunAsync("reviews", "write", agentId, "--rating", "5")).ExitCode); // no paid use yet
        Assert.Equal(0, (await cli.RunAsync("send", agentId, "Pay me.")).ExitCode);
        var period = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var statement = await Eventually.Get(async () =>
        {
            var s = await cli.JsonAsync("billing", "statement", period);
            return s["total"]!.GetValue<long>() > 0 ? s : null;
        });
        Assert.Contains(statement["lines"]!.AsArray(), l => l!["agentId"]!.GetValue<string>() == agentId);
        var csv = await cli.RunAsync("billing", "statement", period, "--csv");
        Assert.Equal(0, csv.ExitCode);
        Assert.Contains(agentId, csv.Out);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("billing", "statement", "November")).ExitCode);
        Assert.Equal("day", (await cli.JsonAsync("billing", "usage", "--by", "day"))["granularity"]!.GetValue<string>());
        var byAgent = await cli.JsonAsync("billing", "usage", "--by", "agent");
        var spent = byAgent["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == agentId)!;
        Assert.True(spent["amount"]!.GetValue<long>() > 0);
        Assert.Contains(agentId, (await cli.RunAsync("billing", "usage", "--by", "agent")).Out);
        Assert.True((await cli.JsonAsync("billing", "balance"))["balance"]!.GetValue<long>() < 10_000);

        var review = await cli.JsonAsync("reviews", "write", agentId, "--rating", "4", "--text", "Good");
        Assert.Equal(4, review["rating"]!.GetValue<int>());
        var reviews = await cli.JsonAsync("reviews", "list", agentId);
        Assert.Equal(1, reviews["count"]!.GetValue<int>());
        Assert.Equal("[]", (await cli.JsonAsync("tools", "list")).ToJsonString());
    }

    [Fact]
    public async Task Offline_validation_reports_the_problems_the_marketplace_reports_for_the_same_file()
    {
        var (_, ownerKey) = await platform.NewTenantAsync("owner");
        // No name, a kind that does not exist, and a member of another kind of step.
        const string Bad = """{"id":"w","steps":[{"id":"s","kind":"teleport"},{"id":"t","kind":"delay","seconds":5,"tool":"x"}]}""";
        using var cli = new CliRunner(platform.BaseAddress, ownerKey);
        var offline = await cli.RunAsync("workflows", "validate", WriteTemp(Bad), "--offline", "-o", "json");
        Assert.Equal(ExitCodes.Failure, offline.ExitCode);
        var offlineErrors = JsonNode.Parse(offline.Out)!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();

        using var client = platform.Client(ownerKey);
        var problem = await ProblemAssert.IsProblem(await client.PostAsync("/api/workflows/validate", new StringContent(Bad, System.Text.Encoding.UTF8, "application/json")),
            System.Net.HttpStatusCode.BadRequest);
        var serverErrors = problem["errors"]!.AsArray().Select(e => $"{e!["path"]!.GetValue<string>()}: {e["message"]!.GetValue<string>()}").ToList();
        Assert.Equal(serverErrors, offlineErrors);
        Assert.Contains("$.name: Required.", offlineErrors);
        Assert.Contains("$.steps[1].tool: Does not apply to a delay step.", offlineErrors);
    }

    string WriteTemp(string json)
    {
        var path = Path.Combine(files, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}

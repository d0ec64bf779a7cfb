using System.Diagnostics;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Xunit;
using static Marketplace.Tests.Integration.HostileRequests;

namespace Marketplace.Tests.Integration;

/// <summary>
/// For every route of the route table with a path id, another tenant's owner naming tenant A's real resources gets
/// exactly what it gets for ids that exist nowhere: the same status, the same body once the ids are blanked out,
/// and no telling difference in time. Nothing of A's is readable, changeable or even confirmed to exist.
/// </summary>
[Collection("platform")]
public sealed class IsolationSweepTests(PlatformFixture platform) : IAsyncLifetime
{
    static readonly ApiRouteTable Table = new();
    TenantEstate estate = null!;

    /// <summary>Well-formed bodies, so a route's answer is about the ids and not about the payload.</summary>
    static readonly Dictionary<string, string> Bodies = new()
    {
        ["keys-create"] = """{"role":"reader"}""",
        ["agents-update"] = new JsonObject { ["card"] = Cards.Valid() }.ToJsonString(),
        ["workflows-versions-add"] = """{"id":"WORKFLOW","name":"n","steps":[{"id":"wait","kind":"delay","seconds":1}]}""",
        ["workflows-versions-replace"] = """{"id":"WORKFLOW","name":"n","steps":[{"id":"wait","kind":"delay","seconds":1}]}""",
        ["runs-start"] = "{}",
        ["runs-decide"] = """{"step":"approve","decision":"approve"}""",
        ["reviews-write"] = """{"rating":5,"text":"Great"}""",
        ["reviews-reply"] = """{"text":"Thanks"}""",
        ["tools-approve"] = """{"definitionHash":"0000"}""",
        ["tools-access"] = "{}",
        ["a2a-jsonrpc"] = """{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"TASK"}}""",
        ["a2a-workflows-jsonrpc"] = """{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{}}""",
    };

    public async Task InitializeAsync() => estate = await TenantEstate.CreateAsync(platform);

    public async Task DisposeAsync() => await estate.DisposeAsync();

    [Fact]
    public async Task Another_tenant_gets_the_same_not_found_for_tenant_As_ids_as_for_ids_that_exist_nowhere()
    {
        var (_, otherKey) = await platform.NewTenantAsync("owner");
        using var other = platform.Client(otherKey);
        var taskId = estate.PathValues["path"]["tasks/".Length..];
        var failures = new List<string>();
        var swept = 0;
        foreach (var route in Table.Routes.Where(r => Parameters(r).Any(IsId) && !(r.Access is { Admin: true, Roles.Count: 0 })))
        {
            var real = Parameters(route).ToDictionary(p => p, p => estate.PathValues[p]);
            var random = Parameters(route).ToDictionary(p => p, p => RandomLike(p, real[p]));
            var (realStatus, realBody, realTime) = await CallAsync(other, route, real, taskId);
            var randomTaskId = "tsk-" + Guid.NewGuid().ToString("N")[..20];
            var (randomStatus, randomBody, randomTime) = await CallAsync(other, route, random, randomTaskId);
            swept++;
            if (realStatus is >= 200 and < 300 && route.Name is not ("a2a-workflows-jsonrpc" or "a2a-workflows-card"))
                failures.Add($"{route.Name}: tenant A's resource answered {realStatus} to another tenant: {Cut(realBody)}");
            var blankReal = Blank(realBody, real.Where(p => IsId(p.Key)).Select(p => p.Value).Append(taskId));
            var blankRandom = Blank(randomBody, random.Where(p => IsId(p.Key)).Select(p => p.Value).Append(randomTaskId));
            if (realStatus != randomStatus || Normalize(blankReal) != Normalize(blankRandom))
                failures.Add($"{route.Name}: {realStatus} {Cut(blankReal)} for A's ids, {randomStatus} {Cut(blankRandom)} for random ones");
            // Loosely: a look-up that finds something and then refuses must not be an order of magnitude slower.
            if (realTime > 10 * randomTime + TimeSpan.FromMilliseconds(200))
                failures.Add($"{route.Name}: {realTime.TotalMilliseconds:F0} ms for A's ids, {randomTime.TotalMilliseconds:F0} ms for random ones");
        }
        Assert.True(swept > 30, $"Only {swept} id routes swept.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    async Task<(int Status, string Body, TimeSpan Time)> CallAsync(HttpClient client, ApiRoute route, IReadOnlyDictionary<string, string> values, string taskId)
    {
        var body = Bodies.GetValueOrDefault(route.Name)?.Replace("TASK", taskId, StringComparison.Ordinal).Replace("WORKFLOW", values.GetValueOrDefault("workflowId"), StringComparison.Ordinal)
            ?? (route.Method is "POST" or "PUT" ? "{}" : null);
        // The best of three, so a cold path on the first call does not count as a difference.
        var best = TimeSpan.MaxValue;
        (int Status, string Body) last = (0, "");
        for (var i = 0; i < 3; i++)
        {
            using var message = new HostileRequest("sweep", Path(route, values), body).Build(route);
            message.Headers.TryAddWithoutValidation("If-Match", "*");
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            clock.Stop();
            if (clock.Elapsed < best) best = clock.Elapsed;
            last = ((int)response.StatusCode, text);
        }
        return (last.Status, last.Body, best);
    }

    /// <summary>Versions, months and payload names are not ids: they are the same in both calls.</summary>
    static bool IsId(string parameter) => parameter is not ("version" or "period" or "name");

    /// <summary>A value of the same form that names nothing.</summary>
    static string RandomLike(string parameter, string real) => parameter switch
    {
        _ when !IsId(parameter) => real,
        "path" => "tasks/tsk-" + Guid.NewGuid().ToString("N")[..20],
        "prefix" => "p" + Guid.NewGuid().ToString("N")[..8],
        "workflowId" => "wf" + Guid.NewGuid().ToString("N")[..10],
        "toolName" => "tool" + Guid.NewGuid().ToString("N")[..8],
        "token" => Marketplace.Identity.InvitationTokens.New(),
        _ => real[..Math.Min(4, real.Length)] + Guid.NewGuid().ToString("N")[..Math.Max(8, real.Length - 4)],
    };

    static string Blank(string body, IEnumerable<string> ids)
    {
        foreach (var id in ids.Where(i => i.Length > 0).OrderByDescending(i => i.Length)) body = body.Replace(id, "{id}", StringComparison.Ordinal);
        return body;
    }

    /// <summary>The body without what differs per call anyway (trace ids).</summary>
    static string Normalize(string body) =>
        TryParse(body) is JsonObject obj ? Without(obj, "traceId").ToJsonString() : body;

    static JsonObject Without(JsonObject obj, string member)
    {
        obj.Remove(member);
        return obj;
    }
}

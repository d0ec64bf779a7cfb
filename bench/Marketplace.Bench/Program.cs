using Marketplace.Bench;

// Usage: dotnet run -c Release --project bench/Marketplace.Bench -- registry [--agents N] | a2a [--requests N] | mcp [--requests N]
//   | billing [--events N] | graph [--agents N] [--tasks N] | workflows [--runs N] | relevance [--listings N] [--json PATH] [--vectors CACHE]
var suite = args.FirstOrDefault() ?? "registry";
int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
// Search relevance runs in process on its checked-in catalogue; it needs no storage emulator or host.
if (suite == "relevance")
{
    string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    var report = await RelevanceBench.RunAsync(Option("--listings", 10_000), Text("--vectors"));
    if (Text("--json") is { } jsonPath)
        await File.WriteAllTextAsync(jsonPath, report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
// The embedded graph runs in process; it needs no storage emulator or host.
if (suite == "graph")
{
    await GraphBench.RunAsync(Option("--agents", 10_000), Option("--tasks", 100_000));
    return 0;
}
await using var env = await BenchEnvironment.StartAsync();
switch (suite)
{
    case "registry":
        await RegistryBench.RunAsync(env, Option("--agents", 10_000));
        break;
    case "a2a":
        await GatewayBench.RunAsync(env, Option("--requests", 2_000));
        break;
    case "mcp":
        await McpBench.RunAsync(env, Option("--requests", 1_000));
        break;
    case "billing":
        await BillingBench.RunAsync(env, Option("--events", 10_000));
        break;
    case "workflows":
        await WorkflowBench.RunAsync(env, Option("--runs", 30));
        break;
    default:
        Console.Error.WriteLine($"Unknown suite '{suite}': use registry, a2a, mcp, billing, graph, workflows or relevance.");
        return 1;
}
return 0;

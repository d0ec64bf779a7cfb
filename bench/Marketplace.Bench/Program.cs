using Marketplace.Bench;

// Usage: dotnet run -c Release --project bench/Marketplace.Bench -- registry [--agents N] | a2a [--requests N] [--clients N] | mcp [--requests N]
//   | billing [--events N] [--rate N] [--seconds N] | graph [--agents N] [--tasks N] | workflows [--runs N] [--profile] | relevance [--listings N] [--vectors CACHE]
//   and with any of them: [--json PATH]
var suite = args.FirstOrDefault() ?? "registry";
int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
var jsonPath = args.SkipWhile(a => a != "--json").Skip(1).FirstOrDefault();
string[] suites = ["registry", "a2a", "mcp", "billing", "graph", "workflows", "relevance"];
if (!suites.Contains(suite))
{
    Console.Error.WriteLine($"Unknown suite '{suite}': use {string.Join(", ", suites)}.");
    return 1;
}
// Search relevance runs in process on its checked-in catalogue; it needs no storage emulator or host.
if (suite == "relevance")
{
    var relevance = await RelevanceBench.RunAsync(Option("--listings", 10_000), args.SkipWhile(a => a != "--vectors").Skip(1).FirstOrDefault());
    if (jsonPath is not null)
        await File.WriteAllTextAsync(jsonPath, relevance.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
var report = new BenchReport(suite);
// The embedded graph runs in process; it needs no storage emulator or host.
if (suite == "graph")
{
    await GraphBench.RunAsync(report, Option("--agents", 10_000), Option("--tasks", 100_000));
}
else
{
    await using var env = await BenchEnvironment.StartAsync();
    await (suite switch
    {
        "registry" => RegistryBench.RunAsync(env, report, Option("--agents", 10_000)),
        "a2a" => GatewayBench.RunAsync(env, report, Option("--requests", 2_000), Option("--clients", 0)),
        "mcp" => McpBench.RunAsync(env, report, Option("--requests", 1_000)),
        "billing" => BillingBench.RunAsync(env, report, Option("--events", 10_000), Option("--rate", 1_000), Option("--seconds", 5)),
        _ => WorkflowBench.RunAsync(env, report, Option("--runs", 30), args.Contains("--profile")),
    });
}
if (jsonPath is not null)
{
    await report.WriteAsync(jsonPath);
    Console.WriteLine($"results written to {jsonPath}");
}
return 0;

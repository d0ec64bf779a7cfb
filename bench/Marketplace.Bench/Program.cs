using Marketplace.Bench;

// Usage: dotnet run -c Release --project bench/Marketplace.Bench -- [registry] [--agents N]
var agents = args.SkipWhile(a => a != "--agents").Skip(1).Select(int.Parse).FirstOrDefault(10_000);
await using var env = await BenchEnvironment.StartAsync();
await RegistryBench.RunAsync(env, agents);

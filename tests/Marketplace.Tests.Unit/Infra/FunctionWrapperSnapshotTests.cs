using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The committed functions/Http wrappers are exactly what the route table generates: a route added, renamed or moved
/// without regenerating fails here. <c>scripts/generate-functions.sh</c> sets <c>MARKETPLACE_WRITE_WRAPPERS=1</c>
/// to write them instead.
/// </summary>
public sealed class FunctionWrapperSnapshotTests
{
    [Fact]
    public void The_functions_http_wrappers_are_generated_from_the_route_table()
    {
        var folder = Path.Combine(NodeTools.RepoRoot, FunctionWrappers.Folder);
        var expected = FunctionWrappers.Generate(new ApiRouteTable());
        if (Environment.GetEnvironmentVariable("MARKETPLACE_WRITE_WRAPPERS") == "1")
        {
            foreach (var stale in Directory.GetFiles(folder, "*.cs").Where(f => !expected.ContainsKey(Path.GetFileName(f)))) File.Delete(stale);
            foreach (var (name, text) in expected) File.WriteAllText(Path.Combine(folder, name), text);
        }
        var committed = Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        Assert.Equal(expected.Keys.Order(), committed.Keys.Order());
        foreach (var (name, text) in expected)
            Assert.True(text == committed[name], $"{FunctionWrappers.Folder}/{name} differs from what the route table generates: run scripts/generate-functions.sh and commit the result.");
    }
}

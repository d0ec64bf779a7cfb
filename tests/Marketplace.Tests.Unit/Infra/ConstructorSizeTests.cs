using System.Reflection;
using System.Text.RegularExpressions;
using Marketplace.Hosting;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// A constructor of the shipped code takes at most seven parameters, or says beside its declaration why it needs
/// more (a line <c>// Why more than seven parameters: …</c> among the comments just above it): a long parameter list
/// usually hides a group of services that belong together and should be one. Records are data, not services, and
/// are not counted.
/// </summary>
public sealed partial class ConstructorSizeTests
{
    const int Limit = 7;
    const string Reason = "// Why more than seven parameters:";

    [Fact]
    public void Every_constructor_in_shared_takes_at_most_seven_parameters_or_says_why()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(NodeTools.RepoRoot, "shared"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToList();
        var unexplained = typeof(MarketplaceServices).Assembly.GetTypes()
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) && !t.Name.Contains('<'))
            // Records are data: their positional parameters are their members, not services.
            .Where(t => t.GetMethod("<Clone>$") is null && !t.IsValueType)
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Any(c => c.GetParameters().Length > Limit))
            .Where(t => !sources.Any(source => Explained(source, t.Name)))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(unexplained);
    }

    /// <summary>The declaration of <paramref name="typeName"/> with the reason among the comment lines right above it.</summary>
    static bool Explained(string source, string typeName)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Declaration().IsMatch(lines[i]) || !Regex.IsMatch(lines[i], $@"\b(class|record|struct)\s+{Regex.Escape(typeName)}\b")) continue;
            for (var j = i - 1; j >= 0 && lines[j].TrimStart() is var above && (above.StartsWith("//") || above.StartsWith('[')); j--)
                if (above.StartsWith(Reason, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(public|internal|sealed|static|abstract|partial|\s)*(class|record|struct)\s")]
    private static partial Regex Declaration();
}

using Marketplace.Console.McpHub;
using Xunit;

namespace Marketplace.Console.Tests;

public sealed class LineDiffTests
{
    [Fact]
    public void Lines_only_in_the_old_text_are_removed_lines_only_in_the_new_are_added_and_the_rest_kept_in_order()
    {
        var diff = LineDiff.Of("a\nb\nc\nd", "a\nc\nx\nd\ne");
        Assert.Equal(
            [(DiffKind.Same, "a"), (DiffKind.Removed, "b"), (DiffKind.Same, "c"), (DiffKind.Added, "x"), (DiffKind.Same, "d"), (DiffKind.Added, "e")],
            diff.Select(l => (l.Kind, l.Text)));
        Assert.All(LineDiff.Of("same\ntext", "same\ntext"), l => Assert.Equal(DiffKind.Same, l.Kind));
    }
}

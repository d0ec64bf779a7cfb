namespace Marketplace.Console.McpHub;

/// <summary>One line of a diff: kept, removed (only in the old text) or added (only in the new).</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

public enum DiffKind { Same, Removed, Added }

/// <summary>A line diff by longest common subsequence: enough for two tool definitions of a few hundred lines.</summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Of(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { lines.Add(new(DiffKind.Same, a[x])); x++; y++; }
            else if (common[x + 1, y] >= common[x, y + 1]) lines.Add(new(DiffKind.Removed, a[x++]));
            else lines.Add(new(DiffKind.Added, b[y++]));
        }
        while (x < a.Length) lines.Add(new(DiffKind.Removed, a[x++]));
        while (y < b.Length) lines.Add(new(DiffKind.Added, b[y++]));
        return lines;
    }
}

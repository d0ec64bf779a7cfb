using System.Runtime.CompilerServices;
using System.Text;

namespace Marketplace.A2A.Gateway;

/// <summary>Reads the <c>data</c> of each Server-Sent Event (multi-line data joined with newlines).</summary>
public static class ServerSentEventReader
{
    public static async IAsyncEnumerable<string> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return data.ToString();
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0) data.Append('\n');
                data.Append(line.AsSpan(line.StartsWith("data: ", StringComparison.Ordinal) ? 6 : 5));
            }
        }
        if (data.Length > 0) yield return data.ToString();
    }
}

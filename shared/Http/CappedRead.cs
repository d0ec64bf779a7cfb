namespace Marketplace.Http;

/// <summary>Reading bodies of others' making (requests, agent cards, tool responses) without letting them grow without bound.</summary>
public static class CappedRead
{
    /// <summary>All of <paramref name="stream"/>, or null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Microsoft.AspNetCore.Http;

namespace Marketplace.A2A.Server;

/// <summary>Reads a request body but fails with the given error once more than <c>limit</c> bytes arrive.</summary>
public sealed class LimitedStream(Stream inner, long limit, Func<Exception> tooLarge) : Stream
{
    long total;

    /// <summary>
    /// Parses a request body of at most <paramref name="maxBytes"/>: declared as anything but JSON is
    /// ContentTypeNotSupported, too large is 413, not JSON is a parse error, and a repeated member (two "method"s,
    /// say) is an invalid request, since parsers disagree on which copy counts.
    /// </summary>
    public static async Task<RequestJson> ReadJsonAsync(HttpContext http, long maxBytes)
    {
        if (http.Request.ContentType is { Length: > 0 } declared && !IsJson(declared)) throw A2AError.UnsupportedMediaType(declared);
        if (http.Request.ContentLength > maxBytes) throw A2AError.PayloadTooLarge(maxBytes);
        using var buffer = new MemoryStream();
        await new LimitedStream(http.Request.Body, maxBytes, () => A2AError.PayloadTooLarge(maxBytes)).CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        try
        {
            // One parse that also refuses repeated members; only a refused body is looked at again, to say which it was.
            return new RequestJson(JsonNode.Parse(bytes.Span, documentOptions: Serialization.Json.StrictDocument), bytes);
        }
        catch (JsonException ex)
        {
            throw Serialization.Json.Check(bytes) == Serialization.JsonCheck.DuplicateMembers
                ? A2AError.InvalidRequest("a JSON object repeats a member name")
                : A2AError.ParseError(Serialization.JsonErrors.Describe(ex.Message));
        }
    }

    /// <summary>Both bindings take JSON: <c>application/json</c>, or the A2A media type <c>application/a2a+json</c>.</summary>
    static bool IsJson(string contentType) =>
        contentType.Split(';', 2)[0].Trim().ToLowerInvariant() is "application/json" or "application/a2a+json";

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Count(int read)
    {
        total += read;
        if (total > limit) throw tooLarge();
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A request body as a tree and as the bytes received (a buffer the request owns).</summary>
public readonly record struct RequestJson(JsonNode? Node, ReadOnlyMemory<byte> Utf8);

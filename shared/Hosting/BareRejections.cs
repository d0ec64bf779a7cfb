using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Marketplace.Hosting;

/// <summary>
/// Kestrel answers a request it cannot parse (a NUL in the path, a malformed request line or header, a line or
/// header block past its ceiling) by itself, before any application code runs, with an empty 4xx and
/// <c>Connection: close</c>. This connection middleware recognises exactly that answer on its way out and gives it a
/// problem document, so every HTTP/1.x answer of the standalone host has one. The application never sends such a
/// response itself: its errors always carry a body.
/// </summary>
public static class BareRejections
{
    public static void Use(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        var output = new RewritingWriter(transport.Output);
        connection.Transport = new DuplexPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>The problem version of a bare Kestrel rejection, or null when <paramref name="response"/> is anything else.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> response)
    {
        if (response.Length < 16 || !response.StartsWith("HTTP/1."u8) || response[9] != (byte)'4') return null;
        var text = Encoding.ASCII.GetString(response);
        if (!(text.StartsWith("HTTP/1.1 4", StringComparison.Ordinal) || text.StartsWith("HTTP/1.0 4", StringComparison.Ordinal))) return null;
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || end + 4 != text.Length) return null; // a body follows, or not one whole header block
        var head = text[..(end + 2)];
        if (!head.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase) || !head.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)) return null;
        if (!int.TryParse(text.AsSpan(9, 3), out var status)) return null;
        var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            type = Http.Problems.TypePrefix + (status switch { 413 => "payload-too-large", 414 => "uri-too-long", 431 => "headers-too-large", _ => "malformed-request" }),
            title = (title.Length == 0 ? "The request is not valid" : title) + ".",
            status,
            detail = "The server could not read this request as HTTP.",
        }));
        var rewritten = head.Replace("Content-Length: 0\r\n", $"Content-Length: {body.Length}\r\nContent-Type: application/problem+json\r\n", StringComparison.OrdinalIgnoreCase) + "\r\n";
        return [.. Encoding.ASCII.GetBytes(rewritten), .. body];
    }

    sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>Collects what Kestrel writes between flushes, so each flushed response head can be looked at whole.</summary>
    sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        readonly ArrayBufferWriter<byte> pending = new();

        public override void Advance(int bytes) => pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        // Serializers ask, to decide when to flush a large document.
        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => pending.WrittenCount;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Drain();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            Drain();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Drain();
            await inner.CompleteAsync(exception);
        }

        void Drain()
        {
            if (pending.WrittenCount == 0) return;
            var written = pending.WrittenSpan;
            inner.Write(written.Length < 4096 && Rewrite(written) is { } problem ? problem : written);
            pending.ResetWrittenCount();
        }
    }
}

using System.Net;
using System.Text;

namespace Marketplace.Console.Tests;

/// <summary>The marketplace API as the console's typed client sees it: each request recorded, answered by a function.</summary>
public sealed class FakeApi(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    readonly List<HttpRequestMessage> requests = [];

    public IReadOnlyList<HttpRequestMessage> Requests { get { lock (requests) return requests.ToList(); } }

    /// <summary>What this fake answers to a request, without recording it (for a fake that wraps another).</summary>
    public HttpResponseMessage Answer(HttpRequestMessage request) => answer(request);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (requests) requests.Add(request);
        return Task.FromResult(answer(request));
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Sse(params string[] results) =>
        new(HttpStatusCode.OK)
        {
            Content = new StringContent(string.Concat(results.Select(r => $"data: {{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{r}}}\n\n")), Encoding.UTF8, "text/event-stream"),
        };
}

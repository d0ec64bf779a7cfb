using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Marketplace.Hosting;

/// <summary>
/// The standalone host's limits on a request's URL and headers. Kestrel refuses what exceeds its own limits before
/// any application code runs, with an empty body; so Kestrel's are set well above these, and this middleware refuses
/// with a problem document. Only requests that are not HTTP at all, or beyond Kestrel's ceiling, still get Kestrel's
/// bare answer. In Azure the Functions host applies its own limits in front of the worker.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest path plus query string, in characters.</summary>
    public const int MaxUrlLength = 16 * 1024;

    /// <summary>Largest total of header names and values, in characters (Kestrel's default).</summary>
    public const int MaxHeaderChars = 32 * 1024;

    public const int MaxHeaderCount = 100;

    const int KestrelCeiling = 2 * 1024 * 1024;

    public static void Configure(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = KestrelCeiling;
        limits.MaxRequestHeadersTotalSize = KestrelCeiling;
        limits.MaxRequestBufferSize = 2L * KestrelCeiling;
        limits.MaxRequestHeaderCount = 10 * MaxHeaderCount;
    }

    public static async Task EnforceAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > MaxUrlLength)
            await Refuse(http, StatusCodes.Status414UriTooLong, "uri-too-long", "The URL is too long.", $"Path and query may have at most {MaxUrlLength} characters.");
        else if (request.Headers.Count > MaxHeaderCount || request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0)) > MaxHeaderChars)
            await Refuse(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, "headers-too-large", "The request headers are too large.",
                $"At most {MaxHeaderCount} headers of {MaxHeaderChars} characters in all.");
        else
            await next(http);
    }

    static Task Refuse(HttpContext http, int status, string type, string title, string detail) =>
        (JsonRpcPaths.Matches(http.Request) ? JsonRpcPaths.Error(status, $"{title} {detail}") : Problems.Create(status, type, title, detail)).ExecuteAsync(http);
}

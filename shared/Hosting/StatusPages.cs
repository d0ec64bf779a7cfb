using Marketplace.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Marketplace.Hosting;

/// <summary>
/// Bodies for the answers routing gives on its own (no route, method not allowed): a problem document, or on the
/// JSON-RPC endpoints the error object their clients read.
/// </summary>
public static class StatusPages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var title = ReasonPhrases.GetReasonPhrase(status);
        if (JsonRpcPaths.Matches(http.Request)) return JsonRpcPaths.Error(status, title.Length == 0 ? "The request failed." : title + ".").ExecuteAsync(http);
        var type = title.Length == 0 ? "http-" + status : title.ToLowerInvariant().Replace(' ', '-');
        return Problems.Create(status, type, title.Length == 0 ? "The request failed." : title + ".").ExecuteAsync(http);
    }
}

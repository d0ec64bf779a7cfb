namespace Marketplace.Client;

/// <summary>One REST operation the client calls: method, path template (as the OpenAPI document names it) and payloads.</summary>
public sealed record ApiOperation(string Method, string Path, Type? Request, Type? Response)
{
    /// <summary>The path with its {parameters} filled in, each escaped.</summary>
    public string Format(params string[] values)
    {
        var path = Path;
        var i = 0;
        while (path.IndexOf('{') is var start and >= 0)
        {
            var end = path.IndexOf('}', start);
            path = string.Concat(path.AsSpan(0, start), Uri.EscapeDataString(values[i++]), path.AsSpan(end + 1));
        }
        return path;
    }
}

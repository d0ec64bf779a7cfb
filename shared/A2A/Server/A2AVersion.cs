using Marketplace.A2A.Protocol;
using Microsoft.AspNetCore.Http;

namespace Marketplace.A2A.Server;

public static class A2AVersion
{
    public const string Current = "1.0";
    public const string Header = "A2A-Version";

    /// <summary>
    /// The version the caller speaks: the header, else the query parameter, else 0.3 as the specification says.
    /// 1.x methods need 1.x; anything else is VersionNotSupportedError (0.3 methods are told apart before, by name).
    /// </summary>
    public static void Require(HttpRequest request)
    {
        var version = Of(request);
        if (version != Current && !version.StartsWith("1.", StringComparison.Ordinal)) throw A2AError.VersionNotSupported(version);
    }

    /// <summary>Whether the caller speaks 0.3: no version given, or a 0.3 one.</summary>
    public static bool IsV03(HttpRequest request) => Of(request) is "0.3" or ['0', '.', '3', '.', ..];

    static string Of(HttpRequest request)
    {
        var version = request.Headers[Header].FirstOrDefault() ?? request.Query[Header].FirstOrDefault();
        return string.IsNullOrWhiteSpace(version) ? "0.3" : version.Trim();
    }
}

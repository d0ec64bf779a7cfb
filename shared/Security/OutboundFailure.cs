using System.Security.Authentication;

namespace Marketplace.Security;

/// <summary>
/// What a caller is told when a call to an address it gave (card URL, agent, tool, MCP server) fails: a fixed phrase
/// per kind of failure. Exception messages are never passed on: they name resolved addresses ("Connection refused
/// (10.1.2.3:443)"), resolver answers and .NET types, which map the marketplace's network for whoever asks.
/// </summary>
public static class OutboundFailure
{
    public static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { Message: SsrfGuard.RefusedConnection } => "the host is not on the public internet",
        HttpRequestException { InnerException: HttpRequestException inner } when inner.Message == SsrfGuard.RefusedConnection => "the host is not on the public internet",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name could not be resolved",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } or { InnerException: AuthenticationException } => "the TLS connection could not be established",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection could not be made",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } => "the response was cut short or not valid HTTP",
        HttpRequestException { StatusCode: { } status } => $"it answered HTTP {(int)status}",
        TimeoutException or OperationCanceledException => "it did not answer in time",
        IOException => "the connection failed",
        _ => "the call failed",
    };
}

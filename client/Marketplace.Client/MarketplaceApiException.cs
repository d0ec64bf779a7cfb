namespace Marketplace.Client;

/// <summary>The API refused a request: its HTTP status and problem document.</summary>
public sealed class MarketplaceApiException(int status, ProblemDetails problem)
    : Exception(string.Join(": ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } m ? m : $"HTTP {status}")
{
    public int Status { get; } = status;
    public ProblemDetails Problem { get; } = problem;
}

/// <summary>The marketplace could not be reached at all.</summary>
public sealed class MarketplaceUnreachableException(Uri url, Exception inner)
    : Exception($"Could not reach {url}: {inner.Message}", inner)
{
    public Uri Url { get; } = url;
}

/// <summary>An A2A call answered with a JSON-RPC error.</summary>
public sealed class A2AException(int code, string message, int httpStatus) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>The HTTP status the error came with: 401, 402, 403, 404 (no such agent) or 200.</summary>
    public int HttpStatus { get; } = httpStatus;

    /// <summary>-32001: the task does not exist (or is not the caller's).</summary>
    public bool IsNotFound => Code == -32001;
}

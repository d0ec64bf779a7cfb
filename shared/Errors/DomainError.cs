using Marketplace.Http;

namespace Marketplace.Errors;

/// <summary>What kind of refusal a domain error is; each binding says it its own way.</summary>
public enum DomainErrorKind
{
    /// <summary>The input is wrong: field errors, or one reason.</summary>
    Invalid,
    UnsupportedMediaType,
    TooLarge,
    Forbidden,
    NotFound,
    Conflict,
    /// <summary>The caller's copy is stale (If-Match no longer matches).</summary>
    PreconditionFailed,
    /// <summary>A conditional write was sent without its precondition (If-Match).</summary>
    PreconditionRequired,
    PaymentRequired,
    RateLimited,
    /// <summary>Something the marketplace called on the caller's behalf (a card URL, an agent) failed.</summary>
    Upstream,
}

/// <summary>
/// A refusal in the domain's own terms, free of any protocol: the dispatcher renders it as an RFC 9457 problem, the
/// A2A bindings as a JSON-RPC or HTTP+JSON error, the MCP hub as a tool error.
/// </summary>
public sealed record DomainError(DomainErrorKind Kind, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    public static DomainError Invalid(string detail) => new(DomainErrorKind.Invalid, detail);

    public static DomainError Invalid(IReadOnlyList<FieldError> errors, string? detail = null) =>
        new(DomainErrorKind.Invalid, detail ?? $"{errors.Count} problem(s) found.", errors);

    public static DomainError NotFound(string detail) => new(DomainErrorKind.NotFound, detail);

    public static DomainError Conflict(string detail) => new(DomainErrorKind.Conflict, detail);

    public static DomainError Forbidden(string detail) => new(DomainErrorKind.Forbidden, detail);

    public static DomainError PreconditionFailed(string detail) => new(DomainErrorKind.PreconditionFailed, detail);

    public static DomainError PreconditionRequired() => new(DomainErrorKind.PreconditionRequired, "Send the ETag you last read in an If-Match header.");

    public static DomainError TooLarge(long limit) => new(DomainErrorKind.TooLarge, $"The limit is {limit} bytes.");

    public static DomainError UnsupportedMediaType() => new(DomainErrorKind.UnsupportedMediaType, "Send application/json.");

    public static DomainError Upstream(string detail) => new(DomainErrorKind.Upstream, detail);
}

/// <summary>Thrown anywhere below a binding to end the operation with a <see cref="DomainError"/>.</summary>
public sealed class DomainException(DomainError error) : Exception(error.Detail)
{
    public DomainError Error { get; } = error;
}

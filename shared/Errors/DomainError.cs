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
    /// <summary>The plan's monthly quota of billable calls is used up; unlike a rate limit, retrying soon does not help.</summary>
    QuotaExceeded,
    /// <summary>Something the marketplace called on the caller's behalf (a card URL, an agent) failed.</summary>
    Upstream,
}

/// <summary>
/// A refusal in the domain's own terms, free of any protocol: the dispatcher renders it as an RFC 9457 problem, the
/// A2A bindings as a JSON-RPC or HTTP+JSON error, the MCP hub as a tool error.
/// </summary>
public sealed record DomainError(DomainErrorKind Kind, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    /// <summary>A credit refusal's amounts, so each binding can hand a client the numbers rather than only the sentence.</summary>
    public CreditShortfall? Shortfall { get; init; }

    /// <summary>When a used-up quota starts again.</summary>
    public DateTimeOffset? ResetsAt { get; init; }

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

    /// <summary>A billable call's price is not covered by the tenant's credit and allowed overdraft.</summary>
    public static DomainError InsufficientCredits(long needed, long balance) =>
        new(DomainErrorKind.PaymentRequired, $"Insufficient credit: the call needs {needed} micro-credits and the balance is {balance}.")
        {
            Shortfall = new CreditShortfall(needed, balance),
        };

    public static DomainError QuotaExceeded(long quota, DateTimeOffset resetsAt) =>
        new(DomainErrorKind.QuotaExceeded, $"The plan's quota of {quota} billable calls this month is used up; it resets at {resetsAt:u}.")
        {
            ResetsAt = resetsAt,
        };
}

/// <summary>What a call needed, in micro-credits, and the balance it found.</summary>
public sealed record CreditShortfall(long Needed, long Balance);

/// <summary>Thrown anywhere below a binding to end the operation with a <see cref="DomainError"/>.</summary>
public sealed class DomainException(DomainError error) : Exception(error.Detail)
{
    public DomainError Error { get; } = error;
}

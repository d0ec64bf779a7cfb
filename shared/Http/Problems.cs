using Marketplace.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Http;

/// <summary>RFC 9457 problem documents. Types are URNs so they stay stable whatever host serves them.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:marketplace:problem:";

    /// <param name="members">Extension members (RFC 9457 §3.2) beside <c>errors</c>, such as a refusal's amounts.</param>
    public static IResult Create(int status, string type, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null,
        IReadOnlyDictionary<string, object?>? members = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + type, Title = title, Detail = detail };
        if (errors is { Count: > 0 }) problem.Extensions["errors"] = errors;
        foreach (var (name, value) in members ?? new Dictionary<string, object?>()) problem.Extensions[name] = value;
        return Results.Problem(problem);
    }

    public static IResult Validation(IReadOnlyList<FieldError> errors, string? detail = null) =>
        Create(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", detail ?? $"{errors.Count} problem(s) found.", errors);

    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "bad-request", "The request is not valid.", detail);

    /// <summary>The schemes a REST route accepts, sent with every 401 (RFC 9110 §11.6.1 requires the header).</summary>
    public const string Challenge = "ApiKey realm=\"marketplace\", Bearer realm=\"marketplace\"";

    public static IResult Unauthorized(string detail) =>
        new ChallengeResult(Create(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication required.", detail));

    /// <summary>A refused access token (RFC 6750 §3.1): 401 with <c>error="invalid_token"</c> in the challenge.</summary>
    public static IResult InvalidToken(string detail) =>
        new ChallengeResult(Create(StatusCodes.Status401Unauthorized, "invalid-token", "The access token was refused.", detail), InvalidTokenChallenge(detail));

    public static string InvalidTokenChallenge(string description) =>
        $"Bearer realm=\"marketplace\", error=\"invalid_token\", error_description=\"{description.Replace("\"", "'")}\", ApiKey realm=\"marketplace\"";

    public static IResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", detail);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static IResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "conflict", "Conflict.", detail);

    public static IResult PreconditionFailed(string detail) =>
        Create(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The resource has changed.", detail);

    public static IResult TooManyRequests(string detail) => Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail);

    public static IResult BadGateway(string detail) => Create(StatusCodes.Status502BadGateway, "upstream", "An upstream call failed.", detail);

    /// <summary>The one place a <see cref="DomainError"/> becomes a problem document.</summary>
    public static IResult From(DomainError error) => error.Kind switch
    {
        DomainErrorKind.Invalid when error.Errors is { Count: > 0 } errors => Validation(errors, error.Detail),
        DomainErrorKind.Invalid => BadRequest(error.Detail),
        DomainErrorKind.UnsupportedMediaType => Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", error.Detail),
        DomainErrorKind.TooLarge => Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", error.Detail),
        DomainErrorKind.Forbidden => Forbidden(error.Detail),
        DomainErrorKind.NotFound => NotFound(error.Detail),
        DomainErrorKind.Conflict => Conflict(error.Detail),
        DomainErrorKind.PreconditionFailed => PreconditionFailed(error.Detail),
        DomainErrorKind.PreconditionRequired => Create(StatusCodes.Status428PreconditionRequired, "precondition-required", "If-Match required.", error.Detail),
        DomainErrorKind.PaymentRequired => InsufficientCredits(error),
        DomainErrorKind.RateLimited => TooManyRequests(error.Detail),
        DomainErrorKind.QuotaExceeded => QuotaExceeded(error),
        _ => BadGateway(error.Detail),
    };

    /// <summary>402, with the shortfall's amounts as members when the refusal has them.</summary>
    static IResult InsufficientCredits(DomainError error) =>
        Create(StatusCodes.Status402PaymentRequired, "insufficient-credits", "Not enough credit.", error.Detail,
            members: error.Shortfall is { } shortfall ? new Dictionary<string, object?> { ["needed"] = shortfall.Needed, ["balance"] = shortfall.Balance } : null);

    /// <summary>429 like a rate limit, but its own type: retrying before <c>resetsAt</c> cannot succeed.</summary>
    static IResult QuotaExceeded(DomainError error) =>
        Create(StatusCodes.Status429TooManyRequests, "quota-exceeded", "The plan's quota is used up.", error.Detail,
            members: error.ResetsAt is { } resetsAt ? new Dictionary<string, object?> { ["resetsAt"] = resetsAt } : null);

    public static IResult Internal() =>
        Create(StatusCodes.Status500InternalServerError, "internal", "An unexpected error occurred.", "The error was logged; quote the trace id when reporting it.");
}

/// <summary>A 401 problem with its <c>WWW-Authenticate</c> challenge.</summary>
sealed class ChallengeResult(IResult problem, string challenge = Problems.Challenge) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.WWWAuthenticate = challenge;
        return problem.ExecuteAsync(httpContext);
    }
}


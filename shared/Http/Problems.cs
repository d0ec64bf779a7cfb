using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Http;

/// <summary>One problem with a request, located by JSON path (e.g. <c>$.card.skills[0].id</c>) or parameter name.</summary>
public sealed record FieldError(string Path, string Message);

/// <summary>RFC 9457 problem documents. Types are URNs so they stay stable whatever host serves them.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:marketplace:problem:";

    public static IResult Create(int status, string type, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + type, Title = title, Detail = detail };
        if (errors is { Count: > 0 }) problem.Extensions["errors"] = errors;
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

    public static IResult PreconditionRequired() =>
        Create(StatusCodes.Status428PreconditionRequired, "precondition-required", "If-Match required.",
            "Send the ETag you last read in an If-Match header.");

    public static IResult TooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", $"The limit is {limit} bytes.");

    public static IResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", "Send application/json.");

    public static IResult TooManyRequests(string detail) => Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail);

    public static IResult BadGateway(string detail) => Create(StatusCodes.Status502BadGateway, "upstream", "An upstream call failed.", detail);

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

/// <summary>Thrown deep in a handler to end the request with a problem document.</summary>
public class ApiProblemException(IResult problem, string message) : Exception(message)
{
    public IResult Problem { get; } = problem;
}

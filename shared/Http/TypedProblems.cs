using System.Reflection;
using Marketplace.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Http;

/// <summary>
/// A problem document whose status is in its type, so a handler's <c>Results&lt;…&gt;</c> says which problems it
/// answers and the OpenAPI document lists them. The document itself is the one <see cref="Problems"/> writes.
/// </summary>
public abstract class TypedProblem(IResult problem) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => (problem as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    protected static void Produces(EndpointBuilder builder, int status, string description) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]) { Description = description });
}

/// <summary>400: field errors (<see cref="Problems.Validation"/>) or one reason (<see cref="Problems.BadRequest"/>).</summary>
public sealed class InvalidProblem : TypedProblem, IEndpointMetadataProvider
{
    public InvalidProblem(IReadOnlyList<FieldError> errors) : base(Problems.Validation(errors)) { }

    public InvalidProblem(string detail) : base(Problems.BadRequest(detail)) { }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 400, "Invalid request");
}

public sealed class ForbiddenProblem : TypedProblem, IEndpointMetadataProvider
{
    public ForbiddenProblem(string detail) : base(Problems.Forbidden(detail)) { }

    /// <summary>A refusal with its own problem type, for a client that acts on why (e.g. <c>review-requires-paid-use</c>).</summary>
    public ForbiddenProblem(string type, string title, string detail) : base(Problems.Create(403, type, title, detail)) { }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 403, "Not allowed");
}

public sealed class NotFoundProblem(string detail) : TypedProblem(Problems.NotFound(detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 404, "Not found");
}

public sealed class ConflictProblem(string detail) : TypedProblem(Problems.Conflict(detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 409, "Conflict");
}

/// <summary>410: what the path names existed and is gone for good (an expired invitation); its type says which.</summary>
public sealed class GoneProblem(string type, string title, string detail) : TypedProblem(Problems.Create(410, type, title, detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 410, "Gone");
}

// The statuses below are mostly refusals a feature's service throws (a DomainException, which the dispatcher renders
// with Problems.From): a handler lists them in its result so that its route documents them, and builds one only when
// it refuses by itself.

public sealed class PaymentRequiredProblem(string detail) : TypedProblem(Problems.From(new(DomainErrorKind.PaymentRequired, detail))), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 402, "Not enough credit");
}

public sealed class PreconditionFailedProblem(string detail) : TypedProblem(Problems.PreconditionFailed(detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 412, "Stale ETag");
}

public sealed class TooLargeProblem(long limit) : TypedProblem(Problems.From(DomainError.TooLarge(limit))), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 413, "Too large");
}

public sealed class PreconditionRequiredProblem() : TypedProblem(Problems.From(DomainError.PreconditionRequired())), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 428, "If-Match missing");
}

public sealed class UpstreamProblem(string detail) : TypedProblem(Problems.BadGateway(detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 502, "An upstream call failed");
}

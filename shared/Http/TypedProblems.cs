using System.Reflection;
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

public sealed class ForbiddenProblem(string detail) : TypedProblem(Problems.Forbidden(detail)), IEndpointMetadataProvider
{
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

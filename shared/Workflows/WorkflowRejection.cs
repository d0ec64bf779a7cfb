using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Workflows;

/// <summary>Why a workflow request was refused: problem+json on REST (the dispatcher answers it), an error on A2A.</summary>
public sealed class WorkflowRejection(int status, string type, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    : ApiProblemException(Problems.Create(status, type, title, detail, errors), detail)
{
    public int Status { get; } = status;

    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    public static WorkflowRejection Invalid(IReadOnlyList<FieldError> errors, string detail) =>
        new(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", detail, errors);

    public static WorkflowRejection NotFound(string detail) => new(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static WorkflowRejection Conflict(string detail) => new(StatusCodes.Status409Conflict, "conflict", "Conflict.", detail);

    public static WorkflowRejection Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", detail);

    public static WorkflowRejection PaymentRequired(long needed, long available) => new(StatusCodes.Status402PaymentRequired, "insufficient-credits",
        "Not enough credit.", $"The run may cost up to {needed} micro-credits; {available} are available. Add credit and try again.");
}

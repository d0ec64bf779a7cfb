using Marketplace.Errors;
using Marketplace.Http;

namespace Marketplace.Workflows;

/// <summary>Why a workflow request was refused, as domain errors: problem+json on REST, an A2A error, an MCP tool error.</summary>
public static class WorkflowRejection
{
    public static DomainException Invalid(IReadOnlyList<FieldError> errors, string detail) => new(DomainError.Invalid(errors, detail));

    public static DomainException NotFound(string detail) => new(DomainError.NotFound(detail));

    public static DomainException Conflict(string detail) => new(DomainError.Conflict(detail));

    public static DomainException Forbidden(string detail) => new(DomainError.Forbidden(detail));

    public static DomainException PaymentRequired(long needed, long available) => new(new DomainError(DomainErrorKind.PaymentRequired,
        $"The run may cost up to {needed} micro-credits; {available} are available. Add credit and try again."));
}

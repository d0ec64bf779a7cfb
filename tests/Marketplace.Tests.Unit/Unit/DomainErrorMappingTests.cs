using Marketplace.A2A.Protocol;
using Marketplace.Errors;
using Marketplace.Http;
using Marketplace.Mcp;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>
/// One domain error, said three ways: a problem document on REST, an A2A error on the A2A bindings, a tool error on
/// MCP. Each kind keeps its meaning in every shape (a missing credit is 402 everywhere, a bad field stays located).
/// </summary>
public sealed class DomainErrorMappingTests
{
    static readonly IReadOnlyList<FieldError> Fields = [new("$.card.name", "Required.")];

    public static TheoryData<DomainErrorKind, int, string> ProblemCases => new()
    {
        { DomainErrorKind.Invalid, 400, "bad-request" },
        { DomainErrorKind.UnsupportedMediaType, 415, "unsupported-media-type" },
        { DomainErrorKind.TooLarge, 413, "payload-too-large" },
        { DomainErrorKind.Forbidden, 403, "forbidden" },
        { DomainErrorKind.NotFound, 404, "not-found" },
        { DomainErrorKind.Conflict, 409, "conflict" },
        { DomainErrorKind.PreconditionFailed, 412, "precondition-failed" },
        { DomainErrorKind.PreconditionRequired, 428, "precondition-required" },
        { DomainErrorKind.PaymentRequired, 402, "insufficient-credits" },
        { DomainErrorKind.RateLimited, 429, "rate-limited" },
        { DomainErrorKind.QuotaExceeded, 429, "quota-exceeded" },
        { DomainErrorKind.Upstream, 502, "upstream" },
    };

    [Theory]
    [MemberData(nameof(ProblemCases))]
    public void Every_kind_is_a_problem_document_with_its_status_and_type(DomainErrorKind kind, int status, string type)
    {
        var problem = Assert.IsType<ProblemHttpResult>(Problems.From(new DomainError(kind, "why")));
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(Problems.TypePrefix + type, problem.ProblemDetails.Type);
        Assert.Equal("why", problem.ProblemDetails.Detail);
    }

    [Fact]
    public void Field_errors_travel_in_the_problem_the_a2a_error_and_the_tool_error()
    {
        var error = DomainError.Invalid(Fields, "The card is not valid.");

        var problem = Assert.IsType<ProblemHttpResult>(Problems.From(error));
        Assert.Equal(Problems.TypePrefix + "validation", problem.ProblemDetails.Type);
        Assert.Equal(Fields, problem.ProblemDetails.Extensions["errors"]);

        var a2a = A2AError.From(error);
        Assert.Equal((-32602, 400), (a2a.JsonRpcCode, a2a.HttpStatus));
        Assert.Equal([("$.card.name", "Required.")], a2a.FieldViolations!);

        var tool = ToolResults.Refused(error);
        Assert.True(tool.IsError);
        Assert.Equal("The card is not valid. $.card.name: Required.", Assert.IsType<TextContentBlock>(Assert.Single(tool.Content)).Text);
    }

    [Theory]
    [InlineData(DomainErrorKind.Forbidden, -32000, 403, "MARKETPLACE_PERMISSION_DENIED")]
    [InlineData(DomainErrorKind.PaymentRequired, -32000, 402, "MARKETPLACE_INSUFFICIENT_CREDITS")]
    [InlineData(DomainErrorKind.RateLimited, -32000, 429, "MARKETPLACE_RATE_LIMITED")]
    [InlineData(DomainErrorKind.QuotaExceeded, -32000, 429, "MARKETPLACE_QUOTA_EXCEEDED")]
    [InlineData(DomainErrorKind.TooLarge, -32600, 413, "PAYLOAD_TOO_LARGE")]
    [InlineData(DomainErrorKind.UnsupportedMediaType, -32005, 415, "CONTENT_TYPE_NOT_SUPPORTED")]
    [InlineData(DomainErrorKind.Upstream, -32000, 502, "MARKETPLACE_AGENT_UNAVAILABLE")]
    [InlineData(DomainErrorKind.NotFound, -32602, 400, "INVALID_PARAMS")]
    [InlineData(DomainErrorKind.Conflict, -32602, 400, "INVALID_PARAMS")]
    public void Each_kind_has_its_a2a_code(DomainErrorKind kind, int code, int status, string reason)
    {
        var error = A2AError.From(new DomainError(kind, "why"), "message");
        Assert.Equal((code, status, reason), (error.JsonRpcCode, error.HttpStatus, error.Reason));
        Assert.Contains("why", error.Message);
    }

    [Fact]
    public void A_credit_shortfall_carries_its_amounts_in_every_shape()
    {
        var error = DomainError.InsufficientCredits(1_000, 250);

        var problem = Assert.IsType<ProblemHttpResult>(Problems.From(error));
        Assert.Equal((402, Problems.TypePrefix + "insufficient-credits"), (problem.StatusCode, problem.ProblemDetails.Type));
        Assert.Equal(1_000L, problem.ProblemDetails.Extensions["needed"]);
        Assert.Equal(250L, problem.ProblemDetails.Extensions["balance"]);

        // The A2A error the gateway has always sent: code, reason, message and ErrorInfo metadata.
        var a2a = A2AError.From(error);
        Assert.Equal((-32000, 402, "FAILED_PRECONDITION", "MARKETPLACE_INSUFFICIENT_CREDITS"), (a2a.JsonRpcCode, a2a.HttpStatus, a2a.RpcStatus, a2a.Reason));
        Assert.Equal("Insufficient credit: the call needs 1000 micro-credits and the balance is 250", a2a.Message);
        Assert.Equal("""{"needed":1000,"balance":250}""", a2a.ErrorMetadata!.ToJsonString());

        var tool = ToolResults.Refused(error);
        Assert.Equal("Insufficient credit: the call needs 1000 micro-credits and the balance is 250.", Assert.IsType<TextContentBlock>(Assert.Single(tool.Content)).Text);
    }

    [Fact]
    public void A_used_up_quota_says_when_it_resets_and_is_not_a_rate_limit()
    {
        var resets = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var error = DomainError.QuotaExceeded(3, resets);
        const string Detail = "The plan's quota of 3 billable calls this month is used up; it resets at 2026-01-01 00:00:00Z.";

        var problem = Assert.IsType<ProblemHttpResult>(Problems.From(error));
        Assert.Equal((429, Problems.TypePrefix + "quota-exceeded", Detail), (problem.StatusCode, problem.ProblemDetails.Type, problem.ProblemDetails.Detail));
        Assert.Equal(resets, problem.ProblemDetails.Extensions["resetsAt"]);

        var a2a = A2AError.From(error);
        Assert.Equal((-32000, 429, "RESOURCE_EXHAUSTED", "MARKETPLACE_QUOTA_EXCEEDED", Detail), (a2a.JsonRpcCode, a2a.HttpStatus, a2a.RpcStatus, a2a.Reason, a2a.Message));
        Assert.Null(a2a.ErrorMetadata);

        Assert.Equal(Detail, Assert.IsType<TextContentBlock>(Assert.Single(ToolResults.Refused(error).Content)).Text);
    }
}

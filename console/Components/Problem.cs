using Marketplace.Client;

namespace Marketplace.Console.Components;

/// <summary>What went wrong, as the API said it: its problem title and detail, or why it could not be reached.</summary>
public sealed record Problem(string Title, string? Detail, IReadOnlyList<string> Errors)
{
    /// <summary>The HTTP status of an API answer (412 is a conflicting edit); null when there was none.</summary>
    public int? Status { get; init; }

    /// <summary>The validation errors by JSON path, for forms that show each next to its field.</summary>
    public IReadOnlyList<FieldProblem> Fields { get; init; } = [];

    public static Problem From(Exception e) => e switch
    {
        MarketplaceApiException api => new(api.Problem.Title ?? $"HTTP {api.Status}", api.Problem.Detail, api.Problem.ErrorLines().ToList())
        {
            Status = api.Status,
            Fields = api.Problem.FieldErrors().ToList(),
        },
        A2AException rpc => new("The agent call failed", $"{rpc.Message} (JSON-RPC {rpc.Code})", []),
        MarketplaceUnreachableException down => new("The marketplace cannot be reached", down.Message, []),
        _ => new("Something went wrong", e.Message, []),
    };
}

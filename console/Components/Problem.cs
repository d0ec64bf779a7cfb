using Marketplace.Client;

namespace Marketplace.Console.Components;

/// <summary>What went wrong, as the API said it: its problem title and detail, or why it could not be reached.</summary>
public sealed record Problem(string Title, string? Detail, IReadOnlyList<string> Errors)
{
    public static Problem From(Exception e) => e switch
    {
        MarketplaceApiException api => new(api.Problem.Title ?? $"HTTP {api.Status}", api.Problem.Detail, api.Problem.ErrorLines().ToList()),
        A2AException rpc => new("The agent call failed", $"{rpc.Message} (JSON-RPC {rpc.Code})", []),
        MarketplaceUnreachableException down => new("The marketplace cannot be reached", down.Message, []),
        _ => new("Something went wrong", e.Message, []),
    };
}

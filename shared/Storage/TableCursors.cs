namespace Marketplace.Storage;

/// <summary>
/// Continuation tokens of Table queries, as callers hand them back: the service's tokens are a partition and a row
/// key marker of printable ASCII, so a token that is longer or holds anything else was not issued by us, and would
/// make the query fail in the service (or not even be sendable as a header) instead of being refused.
/// </summary>
public static class TableCursors
{
    public const int MaxLength = 2048;

    public static bool IsWellFormed(string token) =>
        token.Length is > 0 and <= MaxLength && token.All(c => c is >= ' ' and <= '~');
}

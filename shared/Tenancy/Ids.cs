using System.Security.Cryptography;

namespace Marketplace.Tenancy;

/// <summary>
/// Random identifiers from a lowercase alphanumeric alphabet (safe in URLs, table keys and key prefixes), and the
/// checks that keep caller-chosen values out of places they cannot live.
/// </summary>
public static class Ids
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Longest identifier the marketplace issues or accepts in a path (slugs, tool names, workflow ids and generated
    /// ids are all far shorter); a longer value names nothing.
    /// </summary>
    public const int MaxLength = 256;

    /// <summary>Longest Azure Table key, in characters (the service counts 1 KiB).</summary>
    public const int MaxTableKeyLength = 512;

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>Slugs chosen by users: 3–40 of [a-z0-9-], starting with a letter or digit.</summary>
    public static bool IsValidSlug(string value) =>
        value.Length is >= 3 and <= 40 && char.IsAsciiLetterOrDigit(value[0]) &&
        value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// Whether a value may be a Table partition or row key: Azure forbids '/', '\', '#', '?' and control characters,
    /// and a request with one fails in the service rather than finding nothing.
    /// </summary>
    public static bool IsTableKeySafe(string value) =>
        value.Length <= MaxTableKeyLength && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>
    /// Whether a path segment could name a resource: every id the marketplace issues or accepts is table-key safe,
    /// short, and free of '%' (a percent sign left in a decoded path is an encoded '/').
    /// </summary>
    public static bool CanNameResource(string value) =>
        value.Length is > 0 and <= MaxLength && !value.Contains('%') && IsTableKeySafe(value);
}

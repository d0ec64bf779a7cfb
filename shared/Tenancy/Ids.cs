using System.Security.Cryptography;

namespace Marketplace.Tenancy;

/// <summary>Random identifiers from a lowercase alphanumeric alphabet: safe in URLs, table keys and key prefixes.</summary>
public static class Ids
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>Slugs chosen by users: 3–40 of [a-z0-9-], starting with a letter or digit.</summary>
    public static bool IsValidSlug(string value) =>
        value.Length is >= 3 and <= 40 && char.IsAsciiLetterOrDigit(value[0]) &&
        value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

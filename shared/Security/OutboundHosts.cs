using System.Globalization;
using System.Text;

namespace Marketplace.Security;

/// <summary>
/// The host part of an outbound URL, as the caller wrote it, normalized before anything is decided. Parsers disagree
/// about numeric hosts ("0x7f.1", "2130706433", "127.1", "0177.0.0.1" are all 127.0.0.1 to some and a DNS name to
/// others), and IDNA mapping turns full-width digits and ideographic full stops ("１２７.０.０.１", "127。0。0。1") into an
/// IP literal in one layer and a punycode name in another (this process runs with invariant globalization, where
/// <see cref="IdnMapping"/> does no such mapping). So a host holding any character that UTS #46 folds to ASCII is
/// refused, a host whose last label is numeric must be a dotted-quad IPv4 literal written in canonical form, and
/// anything else that looks numeric is refused rather than guessed at; IPv6 literals must be bracketed and carry no
/// zone. Other names (internationalized ones as punycode) are resolved and their addresses checked when connecting.
/// </summary>
public static class OutboundHosts
{
    static readonly IdnMapping Idn = new();

    /// <summary>The host as written in <paramref name="url"/> (an absolute URL that <see cref="Uri"/> accepted).</summary>
    public static string WrittenHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var authority = url[(start < 0 ? 0 : start + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#', '\\']);
        if (end >= 0) authority = authority[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    /// <summary>Checks a host as written; on success <paramref name="error"/> is empty.</summary>
    public static bool TryCheck(string host, out string error)
    {
        error = "";
        if (host.StartsWith('['))
        {
            if (host.Contains('%')) error = "Must not carry an IPv6 zone.";
            return error.Length == 0;
        }
        if (HasAsciiLookalike(host))
        {
            error = "Must write the host in ASCII: full-width forms, non-ASCII digits and ideographic full stops are refused.";
            return false;
        }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(host);
        }
        catch (ArgumentException)
        {
            error = "Must name a valid host.";
            return false;
        }
        var labels = ascii.EndsWith('.') ? ascii[..^1].Split('.') : ascii.Split('.');
        if (LooksNumeric(labels[^1]) && (ascii != host || !IsCanonicalIPv4(host)))
        {
            error = "Must write an IPv4 address as four decimal numbers (a.b.c.d) without leading zeros.";
            return false;
        }
        return true;
    }

    /// <summary>Characters that compatibility mapping turns into ASCII letters, digits or label separators.</summary>
    static bool HasAsciiLookalike(string host)
    {
        foreach (var rune in host.EnumerateRunes())
        {
            if (rune.IsAscii) continue;
            if (rune.Value is 0x3002 or 0xFF0E or 0xFF61) return true;   // ideographic, full-width and half-width full stops
            if (rune.Value is >= 0xFF01 and <= 0xFF5E) return true;     // full-width ASCII
            if (Rune.IsNumber(rune)) return true;                       // any other digit or number sign
        }
        return false;
    }

    /// <summary>The WHATWG URL rule for "ends in a number": all digits, or a 0x hexadecimal number.</summary>
    static bool LooksNumeric(string label) =>
        label.Length > 0 && (label.All(char.IsAsciiDigit) ||
                             (label.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && label[2..].All(char.IsAsciiHexDigit)));

    static bool IsCanonicalIPv4(string host)
    {
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}

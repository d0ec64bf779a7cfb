using System.Globalization;
using System.Text;

namespace Marketplace.Telemetry;

/// <summary>
/// The one way a value that came from a request (or from an agent, tool or server a user named) reaches a log line:
/// control characters are escaped so nobody can forge a line (CR, LF), paint a terminal (ANSI ESC) or cut one short
/// (NUL), bidirectional overrides are escaped so a line reads as it is, and long values are cut to
/// <see cref="MaxLength"/> characters with the original length noted, so a 1 MB value costs 300 bytes of log.
/// </summary>
public static class LogValue
{
    public const int MaxLength = 256;

    public static string Of(string? value) => value is null ? "(null)" : Escape(value, MaxLength);

    /// <summary>Escapes control characters; cuts after <paramref name="max"/> characters (a whole message has a larger budget).</summary>
    public static string Escape(string value, int max = 16 * 1024)
    {
        var cut = Math.Min(value.Length, max);
        if (cut < value.Length && char.IsHighSurrogate(value[cut - 1])) cut--;
        var text = new StringBuilder(cut + 24);
        for (var i = 0; i < cut; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\r': text.Append("\\r"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\0': text.Append("\\0"); break;
                case '\u001b': text.Append("\\e"); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < cut && char.IsLowSurrogate(value[i + 1])) text.Append(c).Append(value[++i]);
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'))
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        if (cut < value.Length) text.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        return text.ToString();
    }
}

/// <summary>
/// Stands in for an exception in a log call: exception messages often quote request values (a bad key, a JSON
/// fragment, an upstream's answer), so the message and those of inner exceptions are sanitized; type and stack
/// (which come from the code, not the caller) stay as they are for diagnosis.
/// </summary>
public sealed class SanitizedException(Exception original)
    : Exception($"{original.GetType().FullName}: {LogValue.Of(original.Message)}", original.InnerException is { } inner ? new SanitizedException(inner) : null)
{
    public override string? StackTrace => original.StackTrace;

    public override string ToString() =>
        Message + (InnerException is { } inner ? $" ---> {inner}{Environment.NewLine}   --- End of inner exception stack trace ---" : "") +
        (StackTrace is { } stack ? Environment.NewLine + stack : "");
}

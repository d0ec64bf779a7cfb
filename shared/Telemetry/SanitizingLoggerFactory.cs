using System.Collections;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Marketplace.Telemetry;

/// <summary>
/// Every logger of the process, the SDKs' included (the MCP server logs client names, method and tool names as it
/// received them), writes through <see cref="LogValue"/>: each value of a structured log entry is sanitized before
/// any provider sees it, the message is rebuilt from its template with those values, and exceptions travel as
/// <see cref="SanitizedException"/>. Templates and stacks come from code and pass unchanged.
/// </summary>
public sealed class SanitizingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new SanitizingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    sealed class SanitizingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var safeException = exception is null or SanitizedException ? exception : new SanitizedException(exception);
            var entry = SanitizedEntry.From(state, exception, formatter);
            inner.Log(logLevel, eventId, entry, safeException, static (e, _) => e.Message);
        }
    }
}

/// <summary>A log entry's values after <see cref="LogValue.Of(string?)"/>, with the message formatted from them.</summary>
public sealed class SanitizedEntry(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    const string TemplateKey = "{OriginalFormat}";

    public string Message { get; } = message;

    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    public static SanitizedEntry From<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> pairs)
            return new([], LogValue.Escape(formatter(state, exception)));
        var safe = new List<KeyValuePair<string, object?>>(pairs.Count);
        string? template = null;
        foreach (var (key, value) in pairs)
        {
            if (key == TemplateKey) template = value as string;
            safe.Add(new(key, key == TemplateKey ? value : value is null or bool or int or long or double or decimal or Guid ? value : LogValue.Of(Text(value))));
        }
        var message = template is null ? null : Format(template, safe.Where(p => p.Key != TemplateKey).Select(p => p.Value).ToList());
        return new(safe, message ?? LogValue.Escape(formatter(state, exception)));
    }

    static string Text(object value) => value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(o => o?.ToString() ?? "(null)")),
        _ => value.ToString() ?? "",
    };

    /// <summary>Fills "{Name}", "{Name:format}" and "{Name,width}" holes in order; null when the template does not fit the values.</summary>
    static string? Format(string template, IReadOnlyList<object?> values)
    {
        var text = new StringBuilder(template.Length + 64);
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }
            if (c != '{')
            {
                text.Append(c);
                continue;
            }
            var close = template.IndexOf('}', i);
            if (close < 0 || next >= values.Count) return null;
            var hole = template[(i + 1)..close];
            var format = hole.IndexOf(':') is var colon and >= 0 ? hole[(colon + 1)..] : null;
            text.Append(values[next++] switch
            {
                null => "(null)",
                IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
                var v => v.ToString(),
            });
            i = close;
        }
        return text.ToString();
    }
}

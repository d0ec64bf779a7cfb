using Marketplace.Serialization;
using Marketplace.Http;
using Marketplace.Security;
using Marketplace.Telemetry;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class LogValueTests
{
    const string Hostile = "id\r\nInformation Forged: admin logged in\u001b[31m red\u0000 nul\u202e gnp.exe\u0007";

    [Fact]
    public void Control_characters_are_escaped()
    {
        Assert.Equal(@"id\r\nInformation Forged: admin logged in\e[31m red\0 nul\u202e gnp.exe\u0007", LogValue.Of(Hostile));
        Assert.Equal(@"a\\nb", LogValue.Of(@"a\nb")); // a literal backslash cannot pose as an escape
        Assert.Equal("(null)", LogValue.Of(null));
        Assert.Equal("bücher 😀", LogValue.Of("bücher 😀"));
    }

    [Fact]
    public void Long_values_are_cut_with_their_length()
    {
        var value = LogValue.Of(new string('x', 1024 * 1024));
        Assert.Equal(new string('x', 256) + "…(1048576 chars)", value);
        Assert.Equal(new string('y', 256), LogValue.Of(new string('y', 256)));
    }

    static (ILogger Logger, LogCapture Capture) Logger()
    {
        var capture = new LogCapture();
        var factory = new SanitizingLoggerFactory(LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)));
        return (factory.CreateLogger("test"), capture);
    }

    [Fact]
    public void Every_logger_sanitizes_values_and_exception_messages()
    {
        var (logger, capture) = Logger();
        logger.LogWarning("Refused {Value} for {Count} tries", Hostile, 3);
        logger.LogError(new InvalidOperationException("bad key " + Hostile), "Failed {Route}", "agents-get");
        logger.LogInformation("Big {Value}", new string('Z', 1024 * 1024));

        var lines = capture.Lines.ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith(@"Warning test: Refused id\r\nInformation Forged: admin logged in\e[31m red\0 nul\u202e gnp.exe\u0007 for 3 tries", lines[0]);
        Assert.All(lines, line => Assert.DoesNotContain("\nInformation Forged", line));
        Assert.All(lines, line => Assert.False(line.Any(c => c is '\r' or '\0' or '\u001b' or '\u0007' or '\u202e'), line));
        Assert.Contains(@"System.InvalidOperationException: bad key id\r\nInformation", lines[1]);
        Assert.Contains("Failed agents-get", lines[1]);
        Assert.True(lines[2].Length < 400, $"{lines[2].Length} characters logged");
        Assert.Contains("…(1048576 chars)", lines[2]);
    }

    [Fact]
    public void Structured_values_reach_providers_sanitized()
    {
        var capture = new StateCapture();
        var logger = new SanitizingLoggerFactory(LoggerFactory.Create(b => b.AddProvider(capture))).CreateLogger("test");
        logger.LogWarning("Refused {Value}", Hostile);
        var state = Assert.Single(capture.States);
        Assert.Equal(LogValue.Of(Hostile), state.Single(p => p.Key == "Value").Value);
        Assert.Equal("Refused {Value}", state.Single(p => p.Key == "{OriginalFormat}").Value);
    }

    [Theory]
    [InlineData("The JSON value could not be converted to Marketplace.Mcp.CreateToolRequest. Path: $.name | LineNumber: 0 | BytePositionInLine: 9.")]
    [InlineData("JSON deserialization for type 'Marketplace.Mcp.ToolHeader' was missing required properties including: 'name'.")]
    [InlineData("The collection type 'System.Collections.Generic.IReadOnlyList`1[System.String]' is abstract.")]
    [InlineData("Cannot get the value of a token type 'Number' as a string.")]
    public void Json_errors_name_no_dotnet_type(string message)
    {
        var text = JsonErrors.Describe(message);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("Marketplace.", text);
        Assert.DoesNotContain("Path:", text);
        Assert.DoesNotContain("LineNumber", text);
    }

    [Fact]
    public void Outbound_failures_are_fixed_phrases_without_addresses()
    {
        Assert.Equal("the connection could not be made",
            OutboundFailure.Describe(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (10.1.2.3:443)")));
        Assert.Equal("the host name could not be resolved",
            OutboundFailure.Describe(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (inside.corp:443)")));
        Assert.Equal("the host is not on the public internet",
            OutboundFailure.Describe(new HttpRequestException(HttpRequestError.ConnectionError, SsrfGuard.RefusedConnection)));
        Assert.Equal("the call failed", OutboundFailure.Describe(new InvalidOperationException("System.Net internals")));
    }

    sealed class StateCapture : ILoggerProvider, ILogger
    {
        public List<IReadOnlyList<KeyValuePair<string, object?>>> States { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            States.Add((IReadOnlyList<KeyValuePair<string, object?>>)state!);

        public void Dispose()
        {
        }
    }
}

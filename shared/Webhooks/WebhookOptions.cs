using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Marketplace.Webhooks;

public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>The longest a failing event is retried before the webhook is disabled.</summary>
    public static readonly TimeSpan MaxRetrySpan = TimeSpan.FromHours(24);

    /// <summary>
    /// The waits between tries, comma-separated (<c>hh:mm:ss</c>): after the first try fails, the event is tried again
    /// after each wait in turn; when the last try fails too, the webhook is disabled. The default grows exponentially
    /// (as the Standard Webhooks guidance suggests) and sums to just under 24 hours: 8 tries in all.
    /// </summary>
    public string RetrySchedule { get; set; } = "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,08:00:00,08:00:00";

    /// <summary>How long one try may take, connection included; a receiver that hangs is a failed try.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Base64 of the 256-bit key that encrypts signing secrets at rest (a Key Vault reference in Azure).</summary>
    public string? SecretKey { get; set; }

    [Range(1, 100)]
    public int MaxPerTenant { get; set; } = 20;

    /// <summary>
    /// How long a try stays in the delivery log. Each row keeps the body it sent, so without a bound a busy webhook's
    /// log grows without end; 30 days covers the 24-hour retry span and a month of looking back.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    public IReadOnlyList<TimeSpan> Retries => Parse(RetrySchedule) ?? [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var retries = Parse(RetrySchedule);
        if (retries is null || retries.Count == 0 || retries.Any(r => r <= TimeSpan.Zero || r > TimeSpan.FromDays(7)))
            yield return new ValidationResult("Webhooks:RetrySchedule must list one or more waits (hh:mm:ss), each above zero and at most 7 days.", [nameof(RetrySchedule)]);
        else if (retries.Aggregate(TimeSpan.Zero, (a, b) => a + b) > MaxRetrySpan)
            yield return new ValidationResult("Webhooks:RetrySchedule may add up to 24 hours at most.", [nameof(RetrySchedule)]);
        if (SecretKey is { Length: > 0 } key && !IsKey(key))
            yield return new ValidationResult("Webhooks:SecretKey must be the base64 of 32 bytes.", [nameof(SecretKey)]);
    }

    static List<TimeSpan>? Parse(string? schedule)
    {
        var waits = new List<TimeSpan>();
        foreach (var part in (schedule ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var wait)) return null;
            waits.Add(wait);
        }
        return waits;
    }

    static bool IsKey(string value)
    {
        Span<byte> bytes = stackalloc byte[48];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32;
    }
}

using System.Globalization;
using System.Text;

namespace Marketplace.Billing;

/// <summary>One line of a statement: what was used, how often, for how much (adjustments are late usage of a closed month).</summary>
public sealed record StatementLine(string Kind, string AgentId, string Tool, bool Adjustment, long Quantity, long Amount);

/// <summary>A tenant's charges for a month; the lines sum to the total exactly (whole micro-credits).</summary>
public sealed record Statement(string TenantId, string Period, bool Closed, IReadOnlyList<StatementLine> Lines, long Total);

/// <summary>One agent's earnings for its publisher in a month.</summary>
public sealed record PayoutLine(string AgentId, long Calls, long Amount);

public sealed record PayoutReport(string PublisherTenantId, string Period, IReadOnlyList<PayoutLine> Lines, long Total);

public static class Statements
{
    public static Statement Build(string tenantId, string period, bool closed, IEnumerable<LedgerEntry> entries)
    {
        var lines = entries.Where(e => e.Leg == LedgerLeg.TenantDebit && e.Period == period)
            .GroupBy(e => (e.Kind, e.AgentId, Tool: e.Tool ?? "", e.Adjustment))
            .Select(g => new StatementLine(g.Key.Kind, g.Key.AgentId, g.Key.Tool, g.Key.Adjustment, g.Count(), g.Sum(e => e.Amount)))
            .OrderBy(l => l.Adjustment).ThenBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.AgentId, StringComparer.Ordinal).ThenBy(l => l.Tool, StringComparer.Ordinal)
            .ToList();
        return new Statement(tenantId, period, closed, lines, lines.Sum(l => l.Amount));
    }

    public static PayoutReport Payout(string publisherId, string period, IEnumerable<LedgerEntry> credits)
    {
        var lines = credits.Where(e => e.Period == period).GroupBy(e => e.AgentId)
            .Select(g => new PayoutLine(g.Key, g.Count(), g.Sum(e => e.Amount))).OrderBy(l => l.AgentId, StringComparer.Ordinal).ToList();
        return new PayoutReport(publisherId, period, lines, lines.Sum(l => l.Amount));
    }

    public static string Csv(Statement statement)
    {
        var csv = new StringBuilder("kind,agentId,tool,adjustment,quantity,amountMicroCredits\r\n");
        foreach (var l in statement.Lines)
            csv.Append(string.Join(',', Field(l.Kind), Field(l.AgentId), Field(l.Tool), l.Adjustment ? "true" : "false",
                l.Quantity.ToString(CultureInfo.InvariantCulture), l.Amount.ToString(CultureInfo.InvariantCulture))).Append("\r\n");
        csv.Append($"total,,,,,{statement.Total.ToString(CultureInfo.InvariantCulture)}\r\n");
        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula.</summary>
    static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

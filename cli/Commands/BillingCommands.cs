using System.CommandLine;
using System.Globalization;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

/// <summary>Spend per agent or tool over a range of months (amounts in micro-credits).</summary>
public sealed record UsageBreakdown(string By, string From, string To, IReadOnlyList<UsageGroup> Groups);

public sealed record UsageGroup(string Key, long Quantity, long Amount);

public static class BillingCommands
{
    static ClientJson J => ClientJson.Default;

    /// <summary>Micro-credits as credits, e.g. 100000000 → 100.000000.</summary>
    public static string Credits(long micro) => (micro / 1_000_000m).ToString("0.000000", CultureInfo.InvariantCulture);

    public static Command Build(CliHost host, Globals globals) =>
        new("billing", "Your credit, usage and monthly statements (amounts in credits; JSON keeps the API's micro-credits).")
        {
            Balance(host, globals), Usage(host, globals), Statement(host, globals),
        };

    static Command Balance(CliHost host, Globals globals)
    {
        var command = new Command("balance", "Credit left, held for calls in flight, and grants in the order they are spent.").Describe("mkt billing balance", "mkt billing balance -o json");
        command.Handle(host, globals, async (context, _, ct) =>
        {
            using var client = context.Client();
            var balance = await client.BalanceAsync(ct);
            context.Write(balance, J.BalanceView, c =>
            {
                c.WriteLine($"Balance:   {Credits(balance.Balance)} credits");
                c.WriteLine($"Spendable: {Credits(balance.Spendable)} (reserved {Credits(balance.Reserved)}, overdraft {Credits(balance.Overdraft)})");
                if (balance.Grants.Count == 0) return;
                var table = new Table().AddColumns("Grant", "Kind", "Remaining", "Amount", "Expires");
                foreach (var g in balance.Grants) table.AddRow(Markup.Escape(g.Id), g.Kind, Credits(g.Remaining), Credits(g.Amount), g.ExpiresAt?.ToString("u") ?? "");
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Usage(CliHost host, Globals globals)
    {
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (ISO 8601)" };
        var by = new Option<string>("--by") { Description = "hour or day (a series), agent or tool (totals from the months' statements)", DefaultValueFactory = _ => "hour" };
        by.AcceptOnlyFromAmong("hour", "day", "agent", "tool");
        var agent = new Option<string?>("--agent") { Description = "Only calls to this agent (hour, day)" };
        var tool = new Option<string?>("--tool") { Description = "Only calls to this tool (hour, day)" };
        var command = new Command("usage", "Calls, errors, latency and credits spent per hour or day, or credits per agent or tool.") { from, to, by, agent, tool }
            .Describe("mkt billing usage --by day --from 2026-11-01", "mkt billing usage --by agent --from 2026-09-01", "mkt billing usage --agent a-1234 -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var grouping = parse.GetRequiredValue(by);
            if (grouping is "agent" or "tool")
            {
                var breakdown = await BreakdownAsync(client, grouping, parse.GetValue(from), parse.GetValue(to), ct);
                context.Write(breakdown, CliJson.Default.UsageBreakdown, c =>
                {
                    c.WriteLine($"Usage by {grouping}, {breakdown.From} to {breakdown.To}");
                    var table = new Table().AddColumns(grouping == "agent" ? "Agent" : "Tool", "Quantity", "Credits");
                    foreach (var g in breakdown.Groups) table.AddRow(Markup.Escape(g.Key), g.Quantity.ToString(CultureInfo.InvariantCulture), Credits(g.Amount));
                    c.Write(table);
                });
                return ExitCodes.Ok;
            }
            var series = await client.UsageAsync(new UsageQuery(grouping, parse.GetValue(from), parse.GetValue(to), parse.GetValue(agent), parse.GetValue(tool)), ct);
            context.Write(series, J.UsageSeries, c =>
            {
                var table = new Table().AddColumns("Start", "Calls", "Errors", "p50 ms", "p95 ms", "Credits");
                foreach (var p in series.Points)
                    table.AddRow(p.Start.ToString("u"), p.Calls.ToString(CultureInfo.InvariantCulture), p.Errors.ToString(CultureInfo.InvariantCulture),
                        p.P50Ms?.ToString("0", CultureInfo.InvariantCulture) ?? "", p.P95Ms?.ToString("0", CultureInfo.InvariantCulture) ?? "", Credits(p.Credits));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Totals per agent or tool over whole months: the statements are where the API itemises spend.</summary>
    static async Task<UsageBreakdown> BreakdownAsync(MarketplaceClient client, string by, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var end = (to ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var start = (from ?? new DateTimeOffset(end.Year, end.Month, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
        if (start > end) throw CliException.Usage("--from is after --to.");
        var lines = new List<StatementLine>();
        for (var month = new DateTime(start.Year, start.Month, 1); month <= end.UtcDateTime; month = month.AddMonths(1))
            lines.AddRange((await client.StatementAsync(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), ct)).Lines);
        var groups = lines
            .GroupBy(l => by == "agent" ? l.AgentId : l.Tool)
            .Where(g => g.Key.Length > 0)
            .Select(g => new UsageGroup(g.Key, g.Sum(l => l.Quantity), g.Sum(l => l.Amount)))
            .OrderByDescending(g => g.Amount).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return new UsageBreakdown(by, start.ToString("yyyy-MM", CultureInfo.InvariantCulture), end.ToString("yyyy-MM", CultureInfo.InvariantCulture), groups);
    }

    static Command Statement(CliHost host, Globals globals)
    {
        var period = new Argument<string>("period") { Description = "The month, yyyy-MM" };
        var csv = new Option<bool>("--csv") { Description = "The statement as CSV (for spreadsheets)" };
        var command = new Command("statement", "A month's statement: what each agent and tool cost.") { period, csv }
            .Describe("mkt billing statement 2026-11", "mkt billing statement 2026-11 --csv > november.csv");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var month = parse.GetRequiredValue(period);
            if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) throw CliException.Usage($"'{month}' is not a month (yyyy-MM).");
            using var client = context.Client();
            if (parse.GetValue(csv))
            {
                await host.Out.WriteAsync(await client.StatementCsvAsync(month, ct));
                return ExitCodes.Ok;
            }
            var statement = await client.StatementAsync(month, ct);
            context.Write(statement, J.Statement, c =>
            {
                c.WriteLine($"Statement {statement.Period}{(statement.Closed ? " (closed)" : " (open)")}: {Credits(statement.Total)} credits");
                var table = new Table().AddColumns("Kind", "Agent", "Tool", "Quantity", "Credits");
                foreach (var l in statement.Lines)
                    table.AddRow(l.Kind + (l.Adjustment ? " (adjustment)" : ""), Markup.Escape(l.AgentId), Markup.Escape(l.Tool), l.Quantity.ToString(CultureInfo.InvariantCulture), Credits(l.Amount));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}

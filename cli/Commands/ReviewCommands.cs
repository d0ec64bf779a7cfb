using System.CommandLine;
using System.Globalization;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

public static class ReviewCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Build(CliHost host, Globals globals) =>
        new("reviews", "Read and write agent reviews.") { List(host, globals), Write(host, globals) };

    static Command List(CliHost host, Globals globals)
    {
        var agent = new Argument<string>("agent") { Description = "Agent id (or exact name)" };
        var command = new Command("list", "An agent's rating and reviews.") { agent }.Describe("mkt reviews list \"Text Analyst\"");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var agentId = (await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(agent), ct)).Value.AgentId;
            var page = await client.ListReviewsAsync(agentId, ct);
            context.Write(page, J.ReviewPage, c =>
            {
                c.WriteLine($"{page.Count} review(s), mean {page.Mean?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–"}, score {page.Score.ToString("0.00", CultureInfo.InvariantCulture)}");
                var table = new Table().AddColumns("Tenant", "Rating", "Review", "Updated");
                foreach (var r in page.Reviews) table.AddRow(Markup.Escape(r.TenantId), new string('★', r.Rating), Markup.Escape(r.Text), r.UpdatedAt.ToString("u"));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Write(CliHost host, Globals globals)
    {
        var agent = new Argument<string>("agent") { Description = "Agent id (or exact name)" };
        var rating = new Option<int>("--rating") { Description = "1 to 5", Required = true };
        rating.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 5) r.AddError("--rating must be 1 to 5.");
        });
        var text = new Option<string?>("--text") { Description = "What you found" };
        var command = new Command("write", "Write (or edit) your tenant's review of an agent you have paid to use.") { agent, rating, text }
            .Describe("mkt reviews write \"Text Analyst\" --rating 5 --text \"Fast and accurate\"");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var agentId = (await AgentCommands.ResolveAsync(client, parse.GetRequiredValue(agent), ct)).Value.AgentId;
            var review = await client.WriteReviewAsync(agentId, new WriteReviewRequest(parse.GetValue(rating), parse.GetValue(text)), ct);
            context.Write(review, J.Review, c => c.WriteLine($"Saved your review of {agentId} (version {review.Version})."));
            return ExitCodes.Ok;
        });
        return command;
    }
}

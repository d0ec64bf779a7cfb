using System.CommandLine;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;
using Spectre.Console;

namespace Marketplace.Cli.Commands;

public static class AgentCommands
{
    static ClientJson J => ClientJson.Default;

    public static Command Build(CliHost host, Globals globals) =>
        new("agents", "Find, inspect and publish agents.")
        {
            Search(host, globals), Show(host, globals), Publish(host, globals), Update(host, globals), Versions(host, globals), Delete(host, globals),
        };

    static Command Search(CliHost host, Globals globals)
    {
        var query = new Argument<string?>("query") { Description = "Words to find in names, descriptions, skills and tags", Arity = ArgumentArity.ZeroOrOne };
        var skill = new Option<string?>("--skill") { Description = "Only agents with this skill (id or name)" };
        var tag = new Option<string?>("--tag") { Description = "Only agents with a skill tagged so" };
        var limit = new Option<int?>("--limit") { Description = "At most this many results (1–100)" };
        var cursor = new Option<string?>("--cursor") { Description = "nextCursor of a previous page" };
        var command = new Command("search", "Search the registry: public listings and your own, best first.") { query, skill, tag, limit, cursor }
            .Describe("mkt agents search text", "mkt agents search --skill keywords --limit 5 -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var page = await client.SearchAgentsAsync(new AgentSearchQuery(parse.GetValue(query), parse.GetValue(skill), parse.GetValue(tag), parse.GetValue(limit), parse.GetValue(cursor)), ct);
            context.Write(page, J.AgentSearchPage, c =>
            {
                if (page.Items.Count == 0)
                {
                    c.WriteLine("No agents found.");
                    return;
                }
                var table = new Table().AddColumns("Agent id", "Name", "Skills", "Publisher", "Score");
                foreach (var hit in page.Items)
                    table.AddRow(Markup.Escape(hit.AgentId), Markup.Escape(hit.Name), Markup.Escape(string.Join(", ", hit.Skills.Select(s => s.Id))),
                        Markup.Escape(hit.PublisherTenantId), hit.Score.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
                c.Write(table);
                if (page.NextCursor is { } next) c.WriteLine($"More: --cursor {next}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Show(CliHost host, Globals globals)
    {
        var id = new Argument<string>("agent") { Description = "Agent id (or exact name)" };
        var command = new Command("show", "Show a listing with its card.") { id }.Describe("mkt agents show a-1234", "mkt agents show \"Text Analyst\" -o json");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var listing = await ResolveAsync(client, parse.GetRequiredValue(id), ct);
            context.Write(listing.Value, J.AgentListing, c => Render(c, listing.Value));
            return ExitCodes.Ok;
        });
        return command;
    }

    static void Render(IAnsiConsole c, AgentListing listing)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string? value) => grid.AddRow(name, Markup.Escape(value ?? ""));
        Row("Agent id", listing.AgentId);
        Row("Name", listing.Name);
        Row("Description", listing.Card.TryGetProperty("description", out var d) ? d.GetString() : null);
        Row("Version", listing.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("Publisher", listing.PublisherTenantId);
        Row("Visibility", listing.Visibility);
        Row("Status", listing.Status);
        if (listing.Pricing is { } p) Row("Price", $"{p.PerCall} µcredits per call" + (p.PerUnit > 0 ? $" + {p.PerUnit} per {p.Unit}" : ""));
        if (listing.Card.TryGetProperty("skills", out var skills) && skills.ValueKind == JsonValueKind.Array)
            Row("Skills", string.Join(", ", skills.EnumerateArray().Select(s => s.TryGetProperty("id", out var sid) ? sid.GetString() : "?")));
        c.Write(grid);
    }

    /// <summary>An agent by id or, failing that, by its exact name among the search results.</summary>
    public static async Task<Tagged<AgentListing>> ResolveAsync(MarketplaceClient client, string idOrName, CancellationToken ct)
    {
        try
        {
            return await client.GetAgentAsync(idOrName, ct);
        }
        catch (MarketplaceApiException e) when (e.Status == 404)
        {
            // A name is matched by its words: meaning would rank other agents of the same kind beside it.
            var page = await client.SearchAgentsAsync(new AgentSearchQuery(Q: idOrName, Limit: 20) { Mode = "keyword" }, ct);
            var match = page.Items.Where(h => string.Equals(h.Name, idOrName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1) return await client.GetAgentAsync(match[0].AgentId, ct);
            throw new CliException(ExitCodes.NotFound, match.Count > 1
                ? $"Several agents are named '{idOrName}': use an id ({string.Join(", ", match.Select(m => m.AgentId))})."
                : $"No agent '{idOrName}'.");
        }
    }

    sealed record CardSource(Option<FileInfo?> File, Option<string?> Url, Option<bool> Public, Option<bool> Private, Option<long?> Price, Option<long?> PerUnit, Option<string?> Unit, Option<long?> MaxUnits);

    static CardSource CardOptions(Command command)
    {
        var source = new CardSource(
            new("--card") { Description = "The agent card (JSON file)" },
            new("--card-url") { Description = "Where the marketplace fetches the card from" },
            new("--public") { Description = "Everyone can find and call it" },
            new("--private") { Description = "Only your tenant sees it" },
            new("--price") { Description = "Micro-credits per task (1 credit = 1,000,000)" },
            new("--price-per-unit") { Description = "Micro-credits per reported unit" },
            new("--unit") { Description = "The unit --price-per-unit counts, e.g. tokens" },
            new("--max-units") { Description = "Most units one task is charged for" });
        command.Add(source.File);
        command.Add(source.Url);
        command.Add(source.Public);
        command.Add(source.Private);
        command.Add(source.Price);
        command.Add(source.PerUnit);
        command.Add(source.Unit);
        command.Add(source.MaxUnits);
        return source;
    }

    static (JsonElement? Card, string? Url, string? Visibility, Pricing? Pricing) Read(ParseResult parse, CardSource source, bool requireCard)
    {
        var file = parse.GetValue(source.File);
        var url = parse.GetValue(source.Url);
        if (file is not null && url is not null) throw CliException.Usage("Give --card or --card-url, not both.");
        if (requireCard && file is null && url is null) throw CliException.Usage("Give the card with --card FILE or --card-url URL.");
        if (parse.GetValue(source.Public) && parse.GetValue(source.Private)) throw CliException.Usage("Give --public or --private, not both.");
        var visibility = parse.GetValue(source.Public) ? "public" : parse.GetValue(source.Private) ? "private" : null;
        var (price, perUnit, maxUnits) = (parse.GetValue(source.Price), parse.GetValue(source.PerUnit), parse.GetValue(source.MaxUnits));
        var pricing = price is null && perUnit is null ? null : new Pricing(price ?? 0, perUnit ?? 0, parse.GetValue(source.Unit), maxUnits ?? 0);
        return (file is null ? null : Inputs.ReadJsonFile(file.FullName), url, visibility, pricing);
    }

    static Command Publish(CliHost host, Globals globals)
    {
        var command = new Command("publish", "Publish an agent from its A2A card. Validation problems are listed by JSON path.")
            .Describe("mkt agents publish --card-url http://127.0.0.1:7101/.well-known/agent-card.json --public",
                "mkt agents publish --card card.json --private --price 2000");
        var source = CardOptions(command);
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var (card, url, visibility, pricing) = Read(parse, source, requireCard: true);
            using var client = context.Client();
            var listing = await client.PublishAgentAsync(new PublishAgentRequest { Card = card, CardUrl = url, Visibility = visibility, Pricing = pricing }, ct);
            context.Write(listing, J.AgentListing, c => c.WriteLine($"Published {listing.Name} as {listing.AgentId} (version {listing.Version}, {listing.Visibility})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Update(CliHost host, Globals globals)
    {
        var id = new Argument<string>("agent") { Description = "Agent id" };
        var command = new Command("update", "Publish a new version of a listing (safe against concurrent edits: uses the listing's ETag).") { id }
            .Describe("mkt agents update a-1234 --card card.json", "mkt agents update a-1234 --private");
        var source = CardOptions(command);
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            var (card, url, visibility, pricing) = Read(parse, source, requireCard: false);
            if (card is null && url is null && visibility is null && pricing is null) throw CliException.Usage("Nothing to change: give --card, --card-url, --public/--private or a price.");
            using var client = context.Client();
            var current = await client.GetAgentAsync(parse.GetRequiredValue(id), ct);
            AgentListing listing;
            try
            {
                listing = await client.UpdateAgentAsync(current.Value.AgentId, new UpdateAgentRequest { Card = card, CardUrl = url, Visibility = visibility, Pricing = pricing },
                    current.ETag ?? $"\"v{current.Value.Version}\"", ct);
            }
            catch (MarketplaceApiException e) when (e.Status == 412)
            {
                throw new CliException(ExitCodes.Failure, $"{current.Value.AgentId} changed while it was being updated (someone published version {current.Value.Version + 1}?): run the update again.");
            }
            context.Write(listing, J.AgentListing, c => c.WriteLine($"Updated {listing.AgentId} to version {listing.Version}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Versions(CliHost host, Globals globals)
    {
        var id = new Argument<string>("agent") { Description = "Agent id" };
        var command = new Command("versions", "Every version of a listing, newest first.") { id }.Describe("mkt agents versions a-1234");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var versions = await client.AgentVersionsAsync(parse.GetRequiredValue(id), ct);
            context.Write(versions, J.AgentVersionList, c =>
            {
                var table = new Table().AddColumns("Version", "Name", "Status", "Visibility", "Updated");
                foreach (var v in versions.Versions)
                    table.AddRow(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(v.Name), v.Status, v.Visibility, v.UpdatedAt.ToString("u"));
                c.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Delete(CliHost host, Globals globals)
    {
        var id = new Argument<string>("agent") { Description = "Agent id" };
        var command = new Command("delete", "Retire a listing: it can no longer be found or called.") { id }.Describe("mkt agents delete a-1234");
        command.Handle(host, globals, async (context, parse, ct) =>
        {
            using var client = context.Client();
            var current = await client.GetAgentAsync(parse.GetRequiredValue(id), ct);
            var listing = await client.RetireAgentAsync(current.Value.AgentId, current.ETag, ct);
            context.Write(listing, J.AgentListing, c => c.WriteLine($"Retired {listing.AgentId}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}

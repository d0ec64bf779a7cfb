using System.Globalization;
using System.Text.Json;
using Marketplace.Client;
using Marketplace.Client.Models;

namespace Marketplace.Console.Publishing;

/// <summary>Where the card of a publish comes from.</summary>
public enum CardSource { Paste, Url }

/// <summary>
/// The publish form: what the person typed, the request it becomes, and each validation error placed on the field
/// its JSON path names — the API's errors and the ones found before sending (a card that is not JSON, a price that
/// is not a whole number).
/// </summary>
public sealed class PublishForm
{
    public const string CardField = "$.card";
    public const string UrlField = "$.cardUrl";
    public const string VisibilityField = "$.visibility";
    public const string PricingField = "$.pricing";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public CardSource Source { get; set; } = CardSource.Paste;
    public string CardJson { get; set; } = "";
    public string CardUrl { get; set; } = "";
    public string Visibility { get; set; } = "public";
    public string PerCall { get; set; } = "0";
    public string PerUnit { get; set; } = "0";
    public string Unit { get; set; } = "";
    public string MaxUnits { get; set; } = "0";

    public IReadOnlyList<FieldProblem> Errors { get; private set; } = [];

    public void ShowErrors(IReadOnlyList<FieldProblem> errors) => Errors = errors;

    /// <summary>The errors shown next to <paramref name="field"/>: pricing and visibility by their paths; the rest
    /// concern the card, so they go next to whichever source is in use (a fetched card's paths start at "$").</summary>
    public IReadOnlyList<FieldProblem> ErrorsFor(string field) => Errors.Where(e => FieldOf(e.Path) == field).ToList();

    string FieldOf(string path) =>
        Under(path, PricingField) ? PricingField
        : Under(path, VisibilityField) ? VisibilityField
        : Under(path, UrlField) || Source == CardSource.Url ? UrlField
        : CardField;

    static bool Under(string path, string field) =>
        path == field || (path.StartsWith(field, StringComparison.Ordinal) && path.Length > field.Length && path[field.Length] is '.' or '[');

    /// <summary>Fills the form from a listing, to publish its next version.</summary>
    public void Fill(AgentListing listing)
    {
        CardJson = JsonSerializer.Serialize(listing.Card, Indented);
        CardUrl = listing.CardUrl ?? "";
        Source = listing.CardUrl is null ? CardSource.Paste : CardSource.Url;
        Visibility = listing.Visibility;
        var pricing = listing.Pricing ?? new Pricing();
        PerCall = Number(pricing.PerCall);
        PerUnit = Number(pricing.PerUnit);
        Unit = pricing.Unit ?? "";
        MaxUnits = Number(pricing.MaxUnits);
        Errors = [];
    }

    /// <summary>The request to send, or null with <see cref="Errors"/> set when the form is wrong before the API could say so.</summary>
    public PublishAgentRequest? Build()
    {
        var errors = new List<FieldProblem>();
        JsonElement? card = null;
        string? url = null;
        if (Source == CardSource.Paste)
        {
            card = ParseCard(errors);
        }
        else if (string.IsNullOrWhiteSpace(CardUrl))
        {
            errors.Add(new(UrlField, "Give the URL the card is served from."));
        }
        else
        {
            url = CardUrl.Trim();
        }
        var pricing = new Pricing(
            Whole(PerCall, $"{PricingField}.perCall", errors),
            Whole(PerUnit, $"{PricingField}.perUnit", errors),
            string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim(),
            Whole(MaxUnits, $"{PricingField}.maxUnits", errors));
        Errors = errors;
        return errors.Count > 0 ? null : new PublishAgentRequest { Card = card, CardUrl = url, Visibility = Visibility, Pricing = pricing };
    }

    JsonElement? ParseCard(List<FieldProblem> errors)
    {
        if (string.IsNullOrWhiteSpace(CardJson))
        {
            errors.Add(new(CardField, "Paste the agent card (JSON)."));
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(CardJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
            errors.Add(new(CardField, "The agent card must be a JSON object."));
        }
        catch (JsonException e)
        {
            errors.Add(new(CardField, $"Not valid JSON: {e.Message}"));
        }
        return null;
    }

    static long Whole(string text, string path, List<FieldProblem> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return 0;
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(new(path, "A whole number."));
        return 0;
    }

    static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

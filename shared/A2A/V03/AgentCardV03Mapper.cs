using Marketplace.Registry;

namespace Marketplace.A2A.V03;

/// <summary>
/// A 0.3 card as the 1.0 card the marketplace lists: <c>url</c> + <c>preferredTransport</c> become the first of
/// <c>supportedInterfaces</c>, each additional interface another, all with the card's protocol version, and the
/// OpenAPI-style security schemes their 1.0 oneof. <c>stateTransitionHistory</c> has no 1.0 counterpart and is dropped.
/// </summary>
public static class AgentCardV03Mapper
{
    public static AgentCard ToV1(AgentCardV03 card)
    {
        var version = card.ProtocolVersion ?? "0.3.0";
        var primary = new AgentInterface(card.Url, string.IsNullOrEmpty(card.PreferredTransport) ? AgentCardV03.DefaultTransport : card.PreferredTransport, version);
        // The specification lets additionalInterfaces repeat the main endpoint; it is listed once.
        var interfaces = new List<AgentInterface> { primary };
        foreach (var extra in card.AdditionalInterfaces ?? [])
            if (!interfaces.Any(i => i.Url == extra.Url && i.ProtocolBinding == extra.Transport))
                interfaces.Add(new AgentInterface(extra.Url, extra.Transport, version));

        return new AgentCard(card.Name, card.Description, interfaces, card.Version,
            new AgentCapabilities
            {
                Streaming = card.Capabilities.Streaming,
                PushNotifications = card.Capabilities.PushNotifications,
                Extensions = card.Capabilities.Extensions,
                ExtendedAgentCard = card.SupportsAuthenticatedExtendedCard,
            },
            card.DefaultInputModes, card.DefaultOutputModes,
            card.Skills.Select(s => new AgentSkill(s.Id, s.Name, s.Description, s.Tags)
            {
                Examples = s.Examples,
                InputModes = s.InputModes,
                OutputModes = s.OutputModes,
                SecurityRequirements = Requirements(s.Security),
            }).ToList())
        {
            Provider = card.Provider,
            DocumentationUrl = card.DocumentationUrl,
            IconUrl = card.IconUrl,
            SecuritySchemes = card.SecuritySchemes?.ToDictionary(s => s.Key, s => Scheme(s.Value)),
            SecurityRequirements = Requirements(card.Security),
        };
    }

    static IReadOnlyList<SecurityRequirement>? Requirements(IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>? security) =>
        security?.Select(r => new SecurityRequirement(r.ToDictionary(s => s.Key, s => new StringList(s.Value)))).ToList();

    static SecurityScheme Scheme(SecuritySchemeV03 s) => s.Type switch
    {
        "apiKey" => new() { ApiKeySecurityScheme = new ApiKeySecurityScheme(s.In!, s.Name!) { Description = s.Description } },
        "http" => new() { HttpAuthSecurityScheme = new HttpAuthSecurityScheme(s.Scheme!) { Description = s.Description, BearerFormat = s.BearerFormat } },
        "oauth2" => new() { Oauth2SecurityScheme = Json(new { description = s.Description, flows = s.Flows, oauth2MetadataUrl = s.Oauth2MetadataUrl }) },
        "openIdConnect" => new() { OpenIdConnectSecurityScheme = new OpenIdConnectSecurityScheme(s.OpenIdConnectUrl!) { Description = s.Description } },
        _ => new() { MtlsSecurityScheme = Json(new { description = s.Description }) },
    };

    static System.Text.Json.JsonElement Json(object value) =>
        System.Text.Json.JsonSerializer.SerializeToElement(value, Serialization.Json.Lenient);
}

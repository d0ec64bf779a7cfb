using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;

namespace Marketplace.Events;

/// <summary>Registry events on the <c>agent-events</c> topic; one per listing version, so the id is stable.</summary>
public static class AgentEvents
{
    public const string PublishedType = "marketplace.agent.published";
    public const string UpdatedType = "marketplace.agent.updated";
    public const string RetiredType = "marketplace.agent.retired";

    public static IntegrationEvent Published(AgentListing l) => Create(PublishedType, l);
    public static IntegrationEvent Updated(AgentListing l) => Create(UpdatedType, l);
    public static IntegrationEvent Retired(AgentListing l) => Create(RetiredType, l);

    static IntegrationEvent Create(string type, AgentListing l) => new(
        $"{l.AgentId}:v{l.Version}", Topics.AgentEvents, type, "/api/agents", l.AgentId, l.UpdatedAt, l.PublisherTenantId,
        JsonSerializer.SerializeToElement(new AgentEventData(l.AgentId, l.PublisherTenantId, l.Version, l.Visibility, l.Status, l.Card.Name,
            l.Card.Skills.Select(s => s.Id).ToList()), Json.Lenient));
}

public sealed record AgentEventData(
    string AgentId, string PublisherTenantId, int Version, Visibility Visibility, ListingStatus Status, string Name, IReadOnlyList<string> SkillIds);

extern alias JsonEverything;
using Marketplace.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;
using Marketplace.A2A.V03;
using Marketplace.Http;
using Marketplace.Registry;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>A 0.3 card is recognized, validated against the 0.3 shape, and listed as the 1.0 card it describes.</summary>
public sealed class AgentCardV03Tests
{
    const string FullCard = """
        {
          "protocolVersion": "0.3.0",
          "name": "Invoice Reader",
          "description": "Extracts totals from invoices.",
          "url": "https://invoices.example.com/a2a/v1",
          "preferredTransport": "JSONRPC",
          "additionalInterfaces": [
            { "url": "https://invoices.example.com/a2a/v1", "transport": "JSONRPC" },
            { "url": "https://invoices.example.com/a2a/rest", "transport": "HTTP+JSON" },
            { "url": "https://invoices.example.com:8443", "transport": "GRPC" }
          ],
          "version": "2.1.0",
          "provider": { "organization": "Example Corp", "url": "https://example.com" },
          "iconUrl": "https://invoices.example.com/icon.png",
          "capabilities": { "streaming": true, "pushNotifications": false, "stateTransitionHistory": true,
                            "extensions": [ { "uri": "https://example.com/ext/v1", "required": false, "params": { "depth": 2 } } ] },
          "supportsAuthenticatedExtendedCard": true,
          "securitySchemes": {
            "key": { "type": "apiKey", "in": "header", "name": "X-Key" },
            "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" },
            "oauth": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://login.example.com/token", "scopes": { "read": "Read" } } } },
            "oidc": { "type": "openIdConnect", "openIdConnectUrl": "https://login.example.com/.well-known/openid-configuration" },
            "mtls": { "type": "mutualTLS", "description": "Client certificates" }
          },
          "security": [ { "oauth": ["read"] }, { "key": [] } ],
          "defaultInputModes": ["application/pdf", "text/plain"],
          "defaultOutputModes": ["application/json"],
          "skills": [
            { "id": "totals", "name": "Totals", "description": "Reads totals.", "tags": ["finance"], "examples": ["What is the total?"],
              "inputModes": ["application/pdf"], "security": [ { "bearer": [] } ] }
          ]
        }
        """;

    static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static JsonElement With(Action<JsonObject> change)
    {
        var card = JsonNode.Parse(FullCard)!.AsObject();
        change(card);
        return Parse(card.ToJsonString());
    }

    [Fact]
    public void A_0_3_card_is_told_apart_from_a_1_0_card()
    {
        Assert.True(AgentCardV03.Is(Parse(FullCard)));
        Assert.True(AgentCardV03.Is(Parse("""{ "name": "x", "protocolVersion": "0.3.0" }""")));
        Assert.False(AgentCardV03.Is(Parse("""{ "name": "x", "url": "https://a.example", "supportedInterfaces": [] }""")));
        Assert.False(AgentCardV03.Is(Parse("""{ "name": "x", "version": "1" }""")));
    }

    [Fact]
    public void A_full_0_3_card_is_valid()
    {
        Assert.Empty(AgentCardV03Validator.Validate(Parse(FullCard)));
    }

    [Fact]
    public void Every_problem_of_a_0_3_card_is_reported_with_its_path()
    {
        var card = With(c =>
        {
            c["protocolVersion"] = "1.0";
            c["url"] = "ftp://invoices.example.com";
            c["preferredTransport"] = "SOAP";
            c["additionalInterfaces"]![1]!.AsObject().Remove("transport");
            c["securitySchemes"]!["key"]!["in"] = "body";
            c["securitySchemes"]!["bearer"]!["type"] = "digest";
            c["security"]![0]!["nobody"] = new JsonArray();
            c["skills"]![0]!["tags"] = "finance";
            c["capabilities"]!["streaming"] = "yes";
            c.Remove("defaultOutputModes");
        });
        var paths = AgentCardV03Validator.Validate(card).Select(e => e.Path).Order().ToList();
        Assert.Equal(new[]
        {
            "$.additionalInterfaces[1].transport",
            "$.capabilities.streaming",
            "$.defaultOutputModes",
            "$.preferredTransport",
            "$.protocolVersion",
            "$.security[0]['nobody']",
            "$.securitySchemes['bearer'].type",
            "$.securitySchemes['key'].in",
            "$.skills[0].tags",
            "$.url",
        }.Order(), paths);
    }

    [Fact]
    public void The_shape_is_the_published_schema_and_only_what_a_schema_cannot_say_is_checked_in_code()
    {
        var schema = JsonSchema.FromText(AgentCardV03Validator.Schema.Text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        Assert.True(schema.Evaluate(Parse(FullCard)).IsValid);

        var shape = With(c => c["securitySchemes"]!["key"]!["in"] = "body");
        Assert.False(schema.Evaluate(shape).IsValid);
        Assert.Equal([new FieldError("$.securitySchemes['key'].in", "Must be header, query or cookie.")], AgentCardV03Validator.Validate(shape));

        // Well shaped, so the schema accepts it; what is wrong is the version, a repeated skill id and an undeclared scheme.
        var semantic = With(c =>
        {
            c["protocolVersion"] = "1.0";
            c["skills"]!.AsArray().Add(c["skills"]![0]!.DeepClone());
            c["skills"]![1]!["security"]![0]!["nobody"] = new JsonArray();
        });
        Assert.True(schema.Evaluate(semantic).IsValid);
        Assert.Equal(
            [
                new FieldError("$.protocolVersion", "'1.0' is not a 0.3 version; a card of A2A 1.0 lists its endpoints in supportedInterfaces."),
                new FieldError("$.skills[1].id", "Skill id 'totals' is used twice."),
                new FieldError("$.skills[1].security[0]['nobody']", "Security scheme 'nobody' is not declared in securitySchemes."),
            ],
            AgentCardV03Validator.Validate(semantic));
    }

    [Fact]
    public void The_listed_card_derives_its_interfaces_from_url_preferred_transport_and_additional_interfaces()
    {
        var card = AgentCardV03Mapper.ToV1(Parse(FullCard).Deserialize<AgentCardV03>(Json.Lenient)!);
        Assert.Equal(
            [
                new AgentInterface("https://invoices.example.com/a2a/v1", "JSONRPC", "0.3.0"),
                new AgentInterface("https://invoices.example.com/a2a/rest", "HTTP+JSON", "0.3.0"),
                new AgentInterface("https://invoices.example.com:8443", "GRPC", "0.3.0"),
            ],
            card.SupportedInterfaces);
        Assert.True(card.Capabilities.Streaming);
        Assert.True(card.Capabilities.ExtendedAgentCard);
        Assert.Equal("https://example.com/ext/v1", Assert.Single(card.Capabilities.Extensions!).Uri);
        Assert.Equal("Example Corp", card.Provider!.Organization);
        Assert.Equal("https://invoices.example.com/icon.png", card.IconUrl);

        // The listed card is a valid 1.0 card.
        Assert.Empty(AgentCardValidator.Validate(JsonSerializer.SerializeToElement(card, Json.Lenient)));
    }

    [Fact]
    public void Security_schemes_become_their_1_0_oneof_and_requirements_name_their_scopes()
    {
        var card = AgentCardV03Mapper.ToV1(Parse(FullCard).Deserialize<AgentCardV03>(Json.Lenient)!);
        var schemes = card.SecuritySchemes!;
        Assert.Equal(("header", "X-Key"), (schemes["key"].ApiKeySecurityScheme!.Location, schemes["key"].ApiKeySecurityScheme!.Name));
        Assert.Equal(("bearer", "JWT"), (schemes["bearer"].HttpAuthSecurityScheme!.Scheme, schemes["bearer"].HttpAuthSecurityScheme!.BearerFormat));
        Assert.Equal("https://login.example.com/token", schemes["oauth"].Oauth2SecurityScheme!.Value.GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("https://login.example.com/.well-known/openid-configuration", schemes["oidc"].OpenIdConnectSecurityScheme!.OpenIdConnectUrl);
        Assert.Equal("Client certificates", schemes["mtls"].MtlsSecurityScheme!.Value.GetProperty("description").GetString());
        Assert.Equal(["read"], card.SecurityRequirements![0].Schemes["oauth"].List);
        Assert.Empty(card.SecurityRequirements[1].Schemes["key"].List);
        Assert.Empty(card.Skills[0].SecurityRequirements![0].Schemes["bearer"].List);
    }

    [Fact]
    public void Without_a_preferred_transport_the_main_endpoint_is_json_rpc()
    {
        var card = AgentCardV03Mapper.ToV1(With(c => { c.Remove("preferredTransport"); c.Remove("additionalInterfaces"); }).Deserialize<AgentCardV03>(Json.Lenient)!);
        Assert.Equal([new AgentInterface("https://invoices.example.com/a2a/v1", "JSONRPC", "0.3.0")], card.SupportedInterfaces);
    }
}

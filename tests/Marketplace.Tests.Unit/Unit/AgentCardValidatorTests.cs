using Marketplace.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Registry;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class AgentCardValidatorTests
{
    /// <summary>An A2A v1.0 card using every member the validator knows.</summary>
    const string FullCard = """
        {
          "name": "Invoice Reader",
          "description": "Extracts totals and line items from invoices.",
          "version": "2.1.0",
          "documentationUrl": "https://docs.example.com/invoice-reader",
          "iconUrl": "https://cdn.example.com/icon.png",
          "provider": { "url": "https://example.com", "organization": "Example Corp" },
          "supportedInterfaces": [
            { "url": "https://agents.example.com/a2a", "protocolBinding": "JSONRPC", "protocolVersion": "1.0", "tenant": "acme" },
            { "url": "https://agents.example.com/rest", "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0" }
          ],
          "capabilities": {
            "streaming": true, "pushNotifications": false, "extendedAgentCard": true,
            "extensions": [ { "uri": "https://example.com/ext/trace", "description": "Tracing", "required": false, "params": { "level": 2 } } ]
          },
          "defaultInputModes": ["text/plain", "application/pdf"],
          "defaultOutputModes": ["application/json"],
          "securitySchemes": {
            "key": { "apiKeySecurityScheme": { "location": "header", "name": "X-API-Key" } },
            "bearer": { "httpAuthSecurityScheme": { "scheme": "bearer", "bearerFormat": "JWT" } },
            "oidc": { "openIdConnectSecurityScheme": { "openIdConnectUrl": "https://login.example.com/.well-known/openid-configuration" } },
            "oauth": { "oauth2SecurityScheme": { "flows": { "clientCredentials": { "tokenUrl": "https://login.example.com/token" } } } },
            "mtls": { "mtlsSecurityScheme": {} }
          },
          "securityRequirements": [ { "schemes": { "key": { "list": [] } } }, { "schemes": { "oidc": { "list": ["invoices.read"] } } } ],
          "skills": [
            {
              "id": "extract", "name": "Extract", "description": "Reads an invoice.", "tags": ["finance", "ocr"],
              "examples": ["What is the total of this invoice?"], "inputModes": ["application/pdf"], "outputModes": ["application/json"],
              "securityRequirements": [ { "schemes": { "bearer": { "list": [] } } } ]
            },
            { "id": "summarize", "name": "Summarize", "description": "Summarizes an invoice.", "tags": [] }
          ],
          "signatures": [ { "protected": "eyJhbGciOiJFUzI1NiJ9", "signature": "c2lnbmF0dXJl", "header": { "kid": "1" } } ]
        }
        """;

    static IReadOnlyList<FieldError> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return AgentCardValidator.Validate(document.RootElement.Clone());
    }

    [Fact]
    public void A_valid_full_card_passes_and_deserializes()
    {
        Assert.Empty(Validate(FullCard));

        var card = JsonSerializer.Deserialize<AgentCard>(FullCard, Json.Lenient)!;
        Assert.Equal(["extract", "summarize"], card.Skills.Select(s => s.Id));
        Assert.Equal(5, card.SecuritySchemes!.Count);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_json_path()
    {
        const string card = """
            {
              "description": 42,
              "version": "1.0",
              "documentationUrl": "ftp://docs.example.com",
              "supportedInterfaces": [ { "url": "not a url", "protocolBinding": "JSONRPC", "protocolVersion": "1.0" } ],
              "capabilities": { "streaming": "yes" },
              "defaultInputModes": ["text/plain", "plain text"],
              "defaultOutputModes": "application/json",
              "securitySchemes": {
                "both": { "apiKeySecurityScheme": { "location": "header", "name": "k" }, "httpAuthSecurityScheme": { "scheme": "bearer" } }
              },
              "securityRequirements": [ { "schemes": { "both": { "list": [] }, "nowhere": { "list": [] } } } ],
              "skills": [
                { "id": "dup", "name": "One", "description": "First." },
                { "id": "dup", "name": "Two", "description": "Second.", "tags": [7] }
              ]
            }
            """;

        var errors = Validate(card);

        Assert.Equal(
            new[]
            {
                "$.name",                                         // missing
                "$.description",                                  // a number
                "$.documentationUrl",                             // not http(s)
                "$.supportedInterfaces[0].url",                   // not a URL
                "$.capabilities.streaming",                       // not a boolean
                "$.defaultInputModes[1]",                         // not a media type
                "$.defaultOutputModes",                           // not an array
                "$.securitySchemes['both']",                      // two kinds
                "$.securityRequirements[0].schemes['nowhere']",   // undeclared
                "$.skills[0].tags",                               // missing
                "$.skills[1].id",                                 // duplicate
                "$.skills[1].tags[0]",                            // not a string
            }.Order(StringComparer.Ordinal),
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("Required.", Message("$.name"));
        Assert.Contains("a number", Message("$.description"));
        Assert.Contains("'dup'", Message("$.skills[1].id"));
        Assert.Contains("'nowhere'", Message("$.securityRequirements[0].schemes['nowhere']"));
        Assert.Contains("exactly one", Message("$.securitySchemes['both']"));

        string Message(string path) => Assert.Single(errors, e => e.Path == path).Message;
    }

    [Fact]
    public void Shape_problems_deep_in_the_card_are_reported_together_each_at_its_path()
    {
        var card = JsonNode.Parse(FullCard)!.AsObject();
        card["supportedInterfaces"] = new JsonArray();
        card["provider"]!.AsObject().Remove("organization");
        card["capabilities"]!["extensions"]![0]!.AsObject().Remove("uri");
        card["securitySchemes"]!["key"]!["apiKeySecurityScheme"]!["location"] = "body";
        card["skills"]![0]!["examples"] = new JsonArray("What is the total?", "  ");
        card["skills"]![1]!["name"] = new string('n', 201);
        card["signatures"]![0]!.AsObject().Remove("protected");
        // Unset optional members (null, or an empty URL) and members the schema does not name are fine.
        card["iconUrl"] = null;
        card["documentationUrl"] = "";
        card["somethingNew"] = new JsonObject { ["x"] = 1 };

        var errors = AgentCardValidator.Validate(JsonSerializer.SerializeToElement(card));

        Assert.Equal(
            new[]
            {
                "$.supportedInterfaces",
                "$.provider.organization",
                "$.capabilities.extensions[0].uri",
                "$.securitySchemes['key'].apiKeySecurityScheme.location",
                "$.skills[0].examples[1]",
                "$.skills[1].name",
                "$.signatures[0].protected",
            }.Order(StringComparer.Ordinal),
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("Must have at least 1 item(s).", Message("$.supportedInterfaces"));
        Assert.Equal("Required.", Message("$.provider.organization"));
        Assert.Equal("Location must be header, query or cookie.", Message("$.securitySchemes['key'].apiKeySecurityScheme.location"));
        Assert.Equal("Must not be empty.", Message("$.skills[0].examples[1]"));
        Assert.Equal("Must be at most 200 characters.", Message("$.skills[1].name"));

        string Message(string path) => Assert.Single(errors, e => e.Path == path).Message;
    }

    [Fact]
    public void Paths_are_relative_to_the_given_root()
    {
        using var document = JsonDocument.Parse("""{ "name": 1 }""");

        var errors = AgentCardValidator.Validate(document.RootElement, "$.card");

        Assert.Contains(errors, e => e.Path == "$.card.name");
        Assert.Contains(errors, e => e.Path == "$.card.skills");
        Assert.All(errors, e => Assert.StartsWith("$.card.", e.Path));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"card\"")]
    [InlineData("null")]
    public void A_card_that_is_not_an_object_is_one_error_at_the_root(string json)
    {
        var error = Assert.Single(Validate(json));

        Assert.Equal("$", error.Path);
    }
}

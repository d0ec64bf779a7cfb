using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Registry.Signing;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class CardCanonicalizerTests
{
    [Theory]
    // RFC 8785 §3.2.2.3 and Appendix B: ECMAScript's shortest round-trip layout.
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(4.50, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(333333333.33333329, "333333333.3333333")]
    [InlineData(1e-27, "1e-27")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    public void Numbers_are_laid_out_as_ecmascript_prints_them(double value, string expected) =>
        Assert.Equal(expected, Jcs.Number(value));

    [Fact]
    public void Members_sort_by_utf16_code_units_and_strings_escape_only_what_json_requires()
    {
        // RFC 8785 §3.2.3's sorting example, and its string escaping rules.
        var value = JsonNode.Parse("""{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","s":"\u001f\"\\/\u00e9\t"}""");
        var text = Encoding.UTF8.GetString(Jcs.Serialize(value));
        Assert.Equal("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"s\":\"\\u001f\\\"\\\\/é\\t\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}", text);
    }

    [Fact]
    public void The_signed_form_keeps_set_optional_fields_and_drops_defaults_empties_unknown_members_and_signatures()
    {
        var card = JsonDocument.Parse("""
            {
              "name": "Example Agent", "description": "Does things", "version": "1.0",
              "capabilities": { "streaming": false, "pushNotifications": true, "extensions": [] },
              "supportedInterfaces": [ { "url": "https://a.example.com", "protocolBinding": "JSONRPC", "tenant": "", "protocolVersion": "1.0" } ],
              "skills": [ { "id": "s", "name": "S", "description": "d", "tags": ["t"], "examples": [], "securityRequirements": [ { "schemes": { "k": { "list": [] } } } ] } ],
              "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain"],
              "securitySchemes": {}, "iconUrl": "https://a.example.com/i.png", "notInTheSchema": 1,
              "signatures": [ { "protected": "x", "signature": "y" } ]
            }
            """).RootElement;
        var payload = Encoding.UTF8.GetString(CardCanonicalizer.Payload(card));
        Assert.Equal("""{"capabilities":{"pushNotifications":true,"streaming":false},"defaultInputModes":["text/plain"],"defaultOutputModes":["text/plain"],"description":"Does things","iconUrl":"https://a.example.com/i.png","name":"Example Agent","skills":[{"description":"d","id":"s","name":"S","tags":["t"]}],"supportedInterfaces":[{"protocolBinding":"JSONRPC","protocolVersion":"1.0","url":"https://a.example.com"}],"version":"1.0"}""", payload);
    }

    [Fact]
    public void Member_order_and_whitespace_do_not_change_the_signed_form()
    {
        var a = JsonDocument.Parse("""{"name":"N","description":"D","version":"1","skills":[{"id":"i","name":"n","description":"d","tags":["a","b"]}]}""").RootElement;
        var b = JsonDocument.Parse("""{ "skills" : [ { "tags":["a","b"], "description":"d", "name":"n", "id":"i" } ], "version":"1", "description":"D", "name":"N" }""").RootElement;
        Assert.Equal(CardCanonicalizer.Payload(a), CardCanonicalizer.Payload(b));
        var reordered = JsonDocument.Parse("""{"name":"N","description":"D","version":"1","skills":[{"id":"i","name":"n","description":"d","tags":["b","a"]}]}""").RootElement;
        Assert.NotEqual(CardCanonicalizer.Payload(a), CardCanonicalizer.Payload(reordered));
    }
}

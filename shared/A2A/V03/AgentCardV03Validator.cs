using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;

namespace Marketplace.A2A.V03;

/// <summary>
/// Checks a card against the A2A 0.3 AgentCard shape (specification/json/a2a.json at v0.3.0), reporting every
/// problem with its JSON path. The marketplace's own limits (sizes, at least one skill) are those of 1.0 cards.
/// </summary>
public static class AgentCardV03Validator
{
    public static readonly string[] Transports = ["JSONRPC", "GRPC", "HTTP+JSON"];

    static readonly string[] SchemeTypes = ["apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"];

    public static IReadOnlyList<FieldError> Validate(JsonElement card, string path = "$")
    {
        var v = new CardWalker();
        if (!v.Object(card, path)) return v.Errors;

        v.String(card, path, "name", required: true, max: 200);
        v.String(card, path, "description", required: true, max: 8000);
        v.String(card, path, "version", required: true, max: 100);
        v.Url(card, path, "url", required: true);
        v.Url(card, path, "documentationUrl", required: false);
        v.Url(card, path, "iconUrl", required: false);
        if (v.String(card, path, "protocolVersion", required: true, max: 20) is { } version && !IsV03(version))
            v.Error($"{path}.protocolVersion", $"'{version}' is not a 0.3 version; a card of A2A 1.0 lists its endpoints in supportedInterfaces.");
        if (v.String(card, path, "preferredTransport", required: false, max: 50) is { Length: > 0 } preferred && !Transports.Contains(preferred))
            v.Error($"{path}.preferredTransport", $"Must be one of {string.Join(", ", Transports)}.");
        v.Array(card, path, "additionalInterfaces", required: false, 0, 20, (item, p) =>
        {
            if (!v.Object(item, p)) return;
            v.Url(item, p, "url", required: true);
            v.String(item, p, "transport", required: true, max: 50);
        });

        if (v.Member(card, path, "provider", required: false) is { } provider && v.Object(provider, $"{path}.provider"))
        {
            v.Url(provider, $"{path}.provider", "url", required: true);
            v.String(provider, $"{path}.provider", "organization", required: true, max: 200);
        }

        if (v.Member(card, path, "capabilities", required: true) is { } caps && v.Object(caps, $"{path}.capabilities"))
        {
            var cp = $"{path}.capabilities";
            v.Bool(caps, cp, "streaming");
            v.Bool(caps, cp, "pushNotifications");
            v.Bool(caps, cp, "stateTransitionHistory");
            v.Array(caps, cp, "extensions", required: false, 0, 50, (ext, p) =>
            {
                if (!v.Object(ext, p)) return;
                v.String(ext, p, "uri", required: true, max: 2000);
                v.String(ext, p, "description", required: false, max: 2000);
                v.Bool(ext, p, "required");
                if (v.Member(ext, p, "params", required: false) is { } parameters) v.Object(parameters, $"{p}.params");
            });
        }
        v.Bool(card, path, "supportsAuthenticatedExtendedCard");

        v.Array(card, path, "defaultInputModes", required: true, 1, 50, v.MediaType);
        v.Array(card, path, "defaultOutputModes", required: true, 1, 50, v.MediaType);

        var schemeNames = new HashSet<string>(StringComparer.Ordinal);
        if (v.Member(card, path, "securitySchemes", required: false) is { } schemes && v.Object(schemes, $"{path}.securitySchemes"))
        {
            foreach (var scheme in schemes.EnumerateObject())
            {
                schemeNames.Add(scheme.Name);
                ValidateScheme(v, scheme.Value, $"{path}.securitySchemes['{scheme.Name}']");
            }
        }
        v.Array(card, path, "security", required: false, 0, 20, (req, p) => ValidateRequirement(v, req, p, schemeNames));

        var skillIds = new HashSet<string>(StringComparer.Ordinal);
        v.Array(card, path, "skills", required: true, 1, 200, (skill, p) =>
        {
            if (!v.Object(skill, p)) return;
            if (v.String(skill, p, "id", required: true, max: 100) is { } id && !skillIds.Add(id))
                v.Error($"{p}.id", $"Skill id '{id}' is used twice.");
            v.String(skill, p, "name", required: true, max: 200);
            v.String(skill, p, "description", required: true, max: 4000);
            v.Array(skill, p, "tags", required: true, 0, 50, (tag, tp) => v.StringValue(tag, tp, 100));
            v.Array(skill, p, "examples", required: false, 0, 50, (ex, ep) => v.StringValue(ex, ep, 2000));
            v.Array(skill, p, "inputModes", required: false, 0, 50, v.MediaType);
            v.Array(skill, p, "outputModes", required: false, 0, 50, v.MediaType);
            v.Array(skill, p, "security", required: false, 0, 20, (req, rp) => ValidateRequirement(v, req, rp, schemeNames));
        });

        v.Array(card, path, "signatures", required: false, 0, 10, (sig, p) =>
        {
            if (!v.Object(sig, p)) return;
            v.String(sig, p, "protected", required: true, max: 10_000);
            v.String(sig, p, "signature", required: true, max: 10_000);
        });
        return v.Errors;
    }

    /// <summary>0.3 and its patch releases (the specification's own examples say "0.3.0").</summary>
    public static bool IsV03(string version) => version == "0.3" || version.StartsWith("0.3.", StringComparison.Ordinal);

    static void ValidateScheme(CardWalker v, JsonElement scheme, string p)
    {
        if (!v.Object(scheme, p)) return;
        var type = v.String(scheme, p, "type", required: true, max: 50);
        v.String(scheme, p, "description", required: false, max: 2000);
        switch (type)
        {
            case null:
                break;
            case "apiKey":
                if (v.String(scheme, p, "in", required: true, max: 20) is { } location && location is not ("header" or "query" or "cookie"))
                    v.Error($"{p}.in", "Must be header, query or cookie.");
                v.String(scheme, p, "name", required: true, max: 200);
                break;
            case "http":
                v.String(scheme, p, "scheme", required: true, max: 50);
                v.String(scheme, p, "bearerFormat", required: false, max: 100);
                break;
            case "oauth2":
                if (v.Member(scheme, p, "flows", required: true) is { } flows) v.Object(flows, $"{p}.flows");
                v.Url(scheme, p, "oauth2MetadataUrl", required: false);
                break;
            case "openIdConnect":
                v.Url(scheme, p, "openIdConnectUrl", required: true);
                break;
            case "mutualTLS":
                break;
            default:
                v.Error($"{p}.type", $"Must be one of {string.Join(", ", SchemeTypes)}.");
                break;
        }
    }

    /// <summary>0.3 requirements map scheme names straight to scopes: <c>{ "oauth": ["read"] }</c>.</summary>
    static void ValidateRequirement(CardWalker v, JsonElement requirement, string p, HashSet<string> schemeNames)
    {
        if (!v.Object(requirement, p)) return;
        foreach (var s in requirement.EnumerateObject())
        {
            var sp = $"{p}['{s.Name}']";
            if (!schemeNames.Contains(s.Name)) v.Error(sp, $"Security scheme '{s.Name}' is not declared in securitySchemes.");
            if (s.Value.ValueKind != JsonValueKind.Array) v.Error(sp, "Expected an array of scopes.");
            else
            {
                var i = 0;
                foreach (var scope in s.Value.EnumerateArray().Take(100)) v.StringValue(scope, $"{sp}[{i++}]", 200);
            }
        }
    }
}

using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Registry;

/// <summary>
/// Checks a card against the A2A v1.0 AgentCard shape before it is deserialized, so every problem is reported at
/// once with its JSON path instead of stopping at the first type error.
/// </summary>
public static class AgentCardValidator
{
    const int MaxSkills = 200;
    const int MaxInterfaces = 20;

    static readonly string[] SchemeKinds =
        ["apiKeySecurityScheme", "httpAuthSecurityScheme", "oauth2SecurityScheme", "openIdConnectSecurityScheme", "mtlsSecurityScheme"];

    public static IReadOnlyList<FieldError> Validate(JsonElement card, string path = "$")
    {
        var v = new CardWalker();
        if (card.ValueKind != JsonValueKind.Object)
        {
            v.Error(path, "The agent card must be a JSON object.");
            return v.Errors;
        }

        v.String(card, path, "name", required: true, max: 200);
        v.String(card, path, "description", required: true, max: 8000);
        v.String(card, path, "version", required: true, max: 100);
        v.Url(card, path, "documentationUrl", required: false);
        v.Url(card, path, "iconUrl", required: false);

        v.Array(card, path, "supportedInterfaces", required: true, minItems: 1, maxItems: MaxInterfaces, (item, p) =>
        {
            if (!v.Object(item, p)) return;
            v.Url(item, p, "url", required: true);
            v.String(item, p, "protocolBinding", required: true, max: 50);
            v.String(item, p, "protocolVersion", required: true, max: 20);
            v.String(item, p, "tenant", required: false, max: 200);
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
            v.Bool(caps, cp, "extendedAgentCard");
            v.Array(caps, cp, "extensions", required: false, 0, 50, (ext, p) =>
            {
                if (!v.Object(ext, p)) return;
                v.String(ext, p, "uri", required: true, max: 2000);
                v.String(ext, p, "description", required: false, max: 2000);
                v.Bool(ext, p, "required");
            });
        }

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
        v.Array(card, path, "securityRequirements", required: false, 0, 20, (req, p) => ValidateRequirement(v, req, p, schemeNames));

        var skillIds = new HashSet<string>(StringComparer.Ordinal);
        v.Array(card, path, "skills", required: true, 1, MaxSkills, (skill, p) =>
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
            v.Array(skill, p, "securityRequirements", required: false, 0, 20, (req, rp) => ValidateRequirement(v, req, rp, schemeNames));
        });

        v.Array(card, path, "signatures", required: false, 0, 10, (sig, p) =>
        {
            if (!v.Object(sig, p)) return;
            v.String(sig, p, "protected", required: true, max: 10_000);
            v.String(sig, p, "signature", required: true, max: 10_000);
        });
        return v.Errors;
    }

    static void ValidateScheme(CardWalker v, JsonElement scheme, string p)
    {
        if (!v.Object(scheme, p)) return;
        var kinds = scheme.EnumerateObject().Where(m => SchemeKinds.Contains(m.Name)).ToList();
        if (kinds.Count != 1)
        {
            v.Error(p, $"A security scheme must set exactly one of: {string.Join(", ", SchemeKinds)}.");
            return;
        }
        var kind = kinds[0];
        var kp = $"{p}.{kind.Name}";
        if (!v.Object(kind.Value, kp)) return;
        switch (kind.Name)
        {
            case "apiKeySecurityScheme":
                if (v.String(kind.Value, kp, "location", required: true, max: 20) is { } location && location is not ("header" or "query" or "cookie"))
                    v.Error($"{kp}.location", "Location must be header, query or cookie.");
                v.String(kind.Value, kp, "name", required: true, max: 200);
                break;
            case "httpAuthSecurityScheme":
                v.String(kind.Value, kp, "scheme", required: true, max: 50);
                break;
            case "oauth2SecurityScheme":
                if (v.Member(kind.Value, kp, "flows", required: true) is { } flows)
                    v.Object(flows, $"{kp}.flows");
                break;
            case "openIdConnectSecurityScheme":
                v.Url(kind.Value, kp, "openIdConnectUrl", required: true);
                break;
        }
    }

    static void ValidateRequirement(CardWalker v, JsonElement requirement, string p, HashSet<string> schemeNames)
    {
        if (!v.Object(requirement, p)) return;
        if (v.Member(requirement, p, "schemes", required: true) is not { } schemes || !v.Object(schemes, $"{p}.schemes")) return;
        foreach (var s in schemes.EnumerateObject())
        {
            var sp = $"{p}.schemes['{s.Name}']";
            if (!schemeNames.Contains(s.Name)) v.Error(sp, $"Security scheme '{s.Name}' is not declared in securitySchemes.");
            if (v.Object(s.Value, sp)) v.Array(s.Value, sp, "list", required: false, 0, 100, (scope, scp) => v.StringValue(scope, scp, 200));
        }
    }
}

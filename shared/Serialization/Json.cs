using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Serialization;

public static class Json
{
    /// <summary>
    /// Web defaults, strict: unknown members, wrong types, missing required members and nulls in non-nullable
    /// members are all rejected with the JSON path of the problem.
    /// </summary>
    public static JsonSerializerOptions Strict { get; } = Create(JsonUnmappedMemberHandling.Disallow, allowDuplicates: false);

    /// <summary>
    /// For documents other parties write (agent cards) and for our own stored documents: members we do not model are
    /// skipped rather than rejected, as A2A asks of card readers.
    /// </summary>
    public static JsonSerializerOptions Lenient { get; } = Create(JsonUnmappedMemberHandling.Skip, allowDuplicates: true);

    /// <summary>
    /// Request documents must not repeat a member: which copy wins differs between parsers, so a proxy and the
    /// marketplace could read the same request differently.
    /// </summary>
    public static JsonDocumentOptions StrictDocument { get; } = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>
    /// Whether <paramref name="utf8"/> is JSON, and if so whether it repeats a member name in any object (parsers
    /// disagree on which copy counts). A valid body costs one parse.
    /// </summary>
    public static JsonCheck Check(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var _ = JsonDocument.Parse(utf8, StrictDocument);
            return JsonCheck.Valid;
        }
        catch (JsonException)
        {
        }
        try
        {
            using var _ = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = StrictDocument.MaxDepth });
            return JsonCheck.DuplicateMembers;
        }
        catch (JsonException)
        {
            return JsonCheck.NotJson;
        }
    }

    static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped, bool allowDuplicates)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = unmapped,
            AllowTrailingCommas = false,
            MaxDepth = 64,
            AllowDuplicateProperties = allowDuplicates,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

public enum JsonCheck { Valid, NotJson, DuplicateMembers }

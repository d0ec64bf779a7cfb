using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Http;

public static class Json
{
    /// <summary>
    /// Web defaults, strict: unknown members, wrong types, missing required members and nulls in non-nullable
    /// members are all rejected with the JSON path of the problem.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create(JsonUnmappedMemberHandling.Disallow);

    /// <summary>
    /// For documents other parties write (agent cards) and for our own stored documents: members we do not model are
    /// skipped rather than rejected, as A2A asks of card readers.
    /// </summary>
    public static JsonSerializerOptions Lenient { get; } = Create(JsonUnmappedMemberHandling.Skip);

    static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = unmapped,
            AllowTrailingCommas = false,
            MaxDepth = 64,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

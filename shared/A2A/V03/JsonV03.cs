using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.V03;

/// <summary>0.3 JSON: camelCase members, enums by their wire names, absent members omitted, unknown ones ignored.</summary>
public static class JsonV03
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A 0.3 payload, or a <see cref="FormatV03Exception"/> naming the member that does not fit.</summary>
    public static T Read<T>(JsonNode? node, string root)
    {
        if (node is null) throw new FormatV03Exception(root, "required");
        try
        {
            return node.Deserialize<T>(Options) ?? throw new FormatV03Exception(root, "required");
        }
        catch (JsonException ex)
        {
            var field = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            throw new FormatV03Exception(field.Length == 0 ? root : field, Serialization.JsonErrors.Describe(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatV03Exception(root, Serialization.JsonErrors.Describe(ex.Message));
        }
    }
}

/// <summary>
/// A 0.3 payload that does not fit the 0.3 shape or has no 1.0 meaning: invalid params from a caller, an invalid
/// response from an agent.
/// </summary>
public sealed class FormatV03Exception(string field, string description) : Exception($"{field}: {description}")
{
    public string Field { get; } = field;
    public string Description { get; } = description;

    public A2AError AsInvalidParams() => A2AError.InvalidParams(Field, Description);

    public A2AError AsInvalidAgentResponse() => A2AError.InvalidAgentResponse($"{Field}: {Description}");
}

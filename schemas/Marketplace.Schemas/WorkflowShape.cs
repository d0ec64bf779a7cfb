using System.Text.Json;
using Marketplace.Http;

namespace Marketplace.Workflows;

/// <summary>
/// A workflow definition's shape by the workflow schema (<c>shared/Workflows/Schemas/workflow.schema.json</c>), worded
/// as the API words it: the server's validation starts with it and the CLI's offline validation is it, so both name
/// the same problems at the same paths in the same words.
/// </summary>
public static class WorkflowShape
{
    public static ShapeSchema Schema { get; } = ShapeSchema.Embedded(typeof(WorkflowShape).Assembly, "workflow.schema.json");

    /// <summary>The shape problems alone, as the schema finds them.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonElement document) => Schema.Validate(document, describe: NotForThisKind);

    /// <summary>A member of another kind of step, named as the API always has.</summary>
    static string? NotForThisKind(ShapeFailure failure) =>
        failure is { Keyword: "false", Parent: { ValueKind: JsonValueKind.Object } step } && step.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
            ? $"Does not apply to a {kind.GetString()} step."
            : null;
}

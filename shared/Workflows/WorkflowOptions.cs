using System.ComponentModel.DataAnnotations;

namespace Marketplace.Workflows;

/// <summary>Limits on definitions and runs, and how runs follow agent tasks.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    [Range(1, 1000)]
    public int MaxSteps { get; set; } = 100;

    /// <summary>Most branches of a parallel step, and most concurrent items of a map.</summary>
    [Range(1, 100)]
    public int MaxFanOut { get; set; } = 10;

    /// <summary>Most levels of nested flows (parallel branches, map bodies, compensations).</summary>
    [Range(1, 10)]
    public int MaxDepth { get; set; } = 4;

    [Range(1024, 1024 * 1024)]
    public int MaxDefinitionBytes { get; set; } = 256 * 1024;

    [Range(1024, 1024 * 1024)]
    public int MaxInputBytes { get; set; } = 256 * 1024;

    [Range(1, 100_000)]
    public int MaxMapItems { get; set; } = 1000;

    /// <summary>Longest step timeout and delay.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxStepTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Longest an approval may wait for a decision, and its default deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxApprovalWait { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DefaultApprovalWait { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Step outputs larger than this go to Blob storage and travel through the orchestration as references.</summary>
    [Range(256, 1024 * 1024)]
    public int InlinePayloadBytes { get; set; } = 16 * 1024;

    /// <summary>How often a run looks at an agent task that did not finish within its request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AgentPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Map items handled by one orchestration execution before it continues as new, keeping its history short.</summary>
    [Range(1, 10_000)]
    public int MapItemsPerExecution { get; set; } = 100;
}

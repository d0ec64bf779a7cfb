extern alias JsonEverything;
using Marketplace.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JsonEverything::Json.Schema;
using Marketplace.Http;
using Marketplace.Mcp;
using Marketplace.Registry;
using Marketplace.Tenancy;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>
/// Checks a definition before it is saved and reports every problem at once, each with the JSON path of where it is:
/// its shape against the workflow schema (<see cref="WorkflowShape"/>: members, kinds, ids, fixed ranges),
/// then what a schema cannot say: the configured limits, unique ids, jumps (cycles, unreachable steps), data
/// references (to steps that cannot have run before), types where the input schema tells them, and the agents,
/// skills and tools named.
/// </summary>
public sealed partial class WorkflowValidator(AgentService agents, IToolStore tools, IOptions<WorkflowOptions> options)
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex IdPattern();

    const string End = "end";

    /// <summary>
    /// The definition read from <paramref name="document"/>, and every problem with it. When the shape is too far off
    /// to read the definition, the shape's problems are all there is; otherwise the checks in code run too, and where
    /// both find a problem at one path the code's stands, as it knows the configured limits.
    /// </summary>
    public async Task<(WorkflowDefinition? Definition, IReadOnlyList<FieldError> Errors)> ValidateAsync(Caller caller, JsonElement document, CancellationToken ct)
    {
        var shape = WorkflowShape.Validate(document);
        WorkflowDefinition? definition;
        try
        {
            definition = document.Deserialize<WorkflowDefinition>(Json.Strict);
        }
        catch (JsonException ex)
        {
            return (null, shape.Count > 0 ? shape : [new FieldError(ex.Path ?? "$", JsonErrors.Describe(ex.Message))]);
        }
        if (definition is null) return (null, shape.Count > 0 ? shape : [new FieldError("$", "The definition must be a JSON object.")]);
        var semantic = await ValidateAsync(caller, definition, ct);
        var paths = semantic.Select(e => e.Path).ToHashSet();
        return (definition, [.. shape.Where(e => !paths.Contains(e.Path)), .. semantic]);
    }

    async Task<IReadOnlyList<FieldError>> ValidateAsync(Caller caller, WorkflowDefinition definition, CancellationToken ct)
    {
        var o = options.Value;
        var errors = new List<FieldError>();
        if (Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(definition, Json.Lenient)) > o.MaxDefinitionBytes)
            errors.Add(new("$", $"The definition is larger than {o.MaxDefinitionBytes} bytes."));
        var inputTypes = InputTypes(definition.InputSchema, errors);

        var walk = new Walk(o, errors, inputTypes);
        walk.Flow(definition.Steps, "$.steps", depth: 1, visible: [], inMap: false);
        if (walk.StepCount > o.MaxSteps) errors.Add(new("$.steps", $"{walk.StepCount} steps; at most {o.MaxSteps}."));
        if (definition.Output is { } output)
            foreach (var (pointer, path) in DataRefs.Find(output, "$.output"))
                walk.Reference(pointer, path, walk.TopLevel, inMap: false);

        // Each agent and tool is looked up once, however many steps name it.
        var listings = new Dictionary<string, AgentListing?>();
        foreach (var agentId in walk.Agents.Select(a => a.Agent).Distinct()) listings[agentId] = await agents.FindForCallAsync(caller, agentId, ct);
        var registered = new Dictionary<string, RegisteredTool?>();
        foreach (var name in walk.Tools.Select(t => t.Tool).Distinct()) registered[name] = await tools.GetAsync(caller.TenantId!, name, ct);
        foreach (var (agentId, skill, path) in walk.Agents)
        {
            var listing = listings[agentId];
            if (listing is null || listing.Status != ListingStatus.Active) errors.Add(new(path + ".agent", $"No active agent '{agentId}' visible to this tenant."));
            else if (listing.Card.Skills.All(s => s.Id != skill)) errors.Add(new(path + ".skill", $"Agent '{agentId}' has no skill '{skill}'."));
        }
        foreach (var (name, arguments, path) in walk.Tools)
        {
            var tool = registered[name];
            if (tool is null) errors.Add(new(path + ".tool", $"No tool '{name}' in this tenant's registry."));
            else if (arguments is { ValueKind: JsonValueKind.Object } args && tool.InputSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
                foreach (var name2 in required.EnumerateArray().Select(r => r.GetString()).Where(r => r is not null && !args.TryGetProperty(r, out _)))
                    errors.Add(new(path + ".arguments", $"Tool '{name}' requires argument '{name2}'."));
        }
        return errors;
    }

    /// <summary>The declared type of each top-level input property, and problems with the schema itself.</summary>
    static Dictionary<string, string> InputTypes(JsonElement? schema, List<FieldError> errors)
    {
        var types = new Dictionary<string, string>();
        if (schema is not { } s) return types;
        var before = errors.Count;
        SchemaKeywords.Check(s, "$.inputSchema", errors);
        if (errors.Count > before) return types;
        try
        {
            // Evaluated once against a sample, so a reference that resolves nowhere fails here and not at a run's start.
            using var sample = JsonDocument.Parse("{}");
            JsonSchema.Build(s).Evaluate(sample.RootElement);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            errors.Add(new("$.inputSchema", $"Not a valid JSON Schema: {ex.Message}"));
            return types;
        }
        if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            foreach (var p in props.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String)
                    types[p.Name] = t.GetString()!;
        return types;
    }

    /// <summary>One pass over the definition; flows are checked as graphs of jumps.</summary>
    sealed class Walk(WorkflowOptions o, List<FieldError> errors, Dictionary<string, string> inputTypes)
    {
        readonly Dictionary<string, StepKind> kinds = [];
        public int StepCount;
        public List<(string Agent, string Skill, string Path)> Agents { get; } = [];
        public List<(string Tool, JsonElement? Arguments, string Path)> Tools { get; } = [];
        public HashSet<string> TopLevel { get; private set; } = [];

        public void Flow(IReadOnlyList<WorkflowStep>? steps, string path, int depth, HashSet<string> visible, bool inMap)
        {
            // An empty or missing flow is the schema's to report.
            if (steps is null || steps.Count == 0) return;
            if (depth > o.MaxDepth) errors.Add(new(path, $"Flows nest at most {o.MaxDepth} deep."));
            StepCount += steps.Count;

            var index = new Dictionary<string, int>();
            for (var i = 0; i < steps.Count; i++)
            {
                var id = steps[i].Id;
                var at = $"{path}[{i}].id";
                // A malformed id is the schema's to report; it is left out of the jumps.
                if (!IdPattern().IsMatch(id) || id == End) continue;
                if (!kinds.TryAdd(id, steps[i].Kind)) errors.Add(new(at, $"Step id '{id}' is used twice; ids are unique in the whole workflow."));
                else index[id] = i;
            }

            var edges = Edges(steps, path, index);
            var reachable = Reachable(edges, 0);
            for (var i = 0; i < steps.Count; i++)
                if (!reachable.Contains(i)) errors.Add(new($"{path}[{i}]", $"Step '{steps[i].Id}' is unreachable: no jump or order leads to it."));
            if (FindCycle(edges) is { } cycle) errors.Add(new($"{path}[{cycle}]", $"Step '{steps[cycle].Id}' is on a cycle; flows may only jump forward."));

            if (depth == 1) TopLevel = [.. steps.Select(s => s.Id)];
            var reach = Enumerable.Range(0, steps.Count).Select(j => Reachable(edges, j)).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                // A step may read the steps that can have run before it in its flow, and what its enclosing steps could.
                var before = new HashSet<string>(visible);
                for (var j = 0; j < steps.Count; j++)
                    if (j != i && reach[j].Contains(i)) before.Add(steps[j].Id);
                Step(steps[i], $"{path}[{i}]", depth, before, inMap);
            }
        }

        void Step(WorkflowStep step, string path, int depth, HashSet<string> visible, bool inMap)
        {
            if (step.TimeoutSeconds is { } timeout && (timeout < 1 || TimeSpan.FromSeconds(timeout) > (step.Kind == StepKind.Approval ? o.MaxApprovalWait : o.MaxStepTimeout)))
                errors.Add(new(path + ".timeoutSeconds", $"1 to {(step.Kind == StepKind.Approval ? o.MaxApprovalWait : o.MaxStepTimeout).TotalSeconds:0} seconds."));
            if (step.Compensate is { } compensate) Flow(compensate, path + ".compensate", depth + 1, [.. visible, step.Id], inMap);

            // What each kind requires, and members of other kinds, are the schema's; here are the limits and references.
            switch (step.Kind)
            {
                case StepKind.Agent:
                    if (!string.IsNullOrWhiteSpace(step.Agent) && !string.IsNullOrWhiteSpace(step.Skill)) Agents.Add((step.Agent, step.Skill, path));
                    References(step.Message, path + ".message", visible, inMap);
                    break;
                case StepKind.Tool:
                    if (!string.IsNullOrWhiteSpace(step.Tool)) Tools.Add((step.Tool, step.Arguments, path));
                    References(step.Arguments, path + ".arguments", visible, inMap);
                    break;
                case StepKind.Parallel:
                    if (step.Branches is not { Count: > 0 } branches) break;
                    if (branches.Count > o.MaxFanOut) errors.Add(new(path + ".branches", $"{branches.Count} branches; at most {o.MaxFanOut}."));
                    var names = new HashSet<string>();
                    for (var b = 0; b < branches.Count; b++)
                    {
                        if (!names.Add(branches[b].Id)) errors.Add(new($"{path}.branches[{b}].id", $"Branch id '{branches[b].Id}' is used twice in this step."));
                        Flow(branches[b].Steps, $"{path}.branches[{b}].steps", depth + 1, visible, inMap);
                    }
                    break;
                case StepKind.Map:
                    if (step.MaxConcurrency is { } c && (c < 1 || c > o.MaxFanOut)) errors.Add(new(path + ".maxConcurrency", $"1 to {o.MaxFanOut}."));
                    ItemsType(step.Items, path + ".items");
                    References(step.Items, path + ".items", visible, inMap);
                    Flow(step.Steps, path + ".steps", depth + 1, visible, inMap: true);
                    break;
                case StepKind.Condition:
                    if (string.IsNullOrWhiteSpace(step.If)) break;
                    var (error, pointers) = Conditions.Check(step.If);
                    if (error is not null) errors.Add(new(path + ".if", error));
                    foreach (var pointer in pointers) Reference(pointer, path + ".if", visible, inMap);
                    break;
                case StepKind.Delay:
                    if (step.Seconds is { } seconds && (seconds < 1 || TimeSpan.FromSeconds(seconds) > o.MaxStepTimeout))
                        errors.Add(new(path + ".seconds", $"1 to {o.MaxStepTimeout.TotalSeconds:0}."));
                    break;
            }
        }

        /// <summary>
        /// Where a map's items come from must be an array, as far as can be known before the run (that they are an
        /// array or one reference is the schema's to say).
        /// </summary>
        void ItemsType(JsonElement? items, string path)
        {
            if (items is not { ValueKind: JsonValueKind.Object } value) return;
            var refs = DataRefs.Find(value, path).ToList();
            if (refs.Count != 1 || refs[0].Path != path + ".from") return;
            var segments = refs[0].Pointer.Split('/');
            string? known = segments switch
            {
                ["", "input", var property] => inputTypes.GetValueOrDefault(property),
                ["", "steps", var id, "output"] => kinds.GetValueOrDefault(id) switch
                {
                    StepKind.Map => "array",
                    StepKind.Parallel or StepKind.Condition or StepKind.Approval => "object",
                    _ => null,
                },
                _ => null,
            };
            if (known is not null and not "array") errors.Add(new(path + ".from", $"Points to a value of type {known}; a map needs an array."));
        }

        void References(JsonElement? template, string path, HashSet<string> visible, bool inMap)
        {
            if (template is not { } t) return;
            foreach (var (pointer, at) in DataRefs.Find(t, path)) Reference(pointer, at, visible, inMap);
        }

        public void Reference(string pointer, string path, HashSet<string> visible, bool inMap)
        {
            if (!DataRefs.IsValidPointer(pointer) || !pointer.StartsWith('/'))
            {
                errors.Add(new(path, $"'{pointer}' is not a JSON pointer (RFC 6901), e.g. /steps/fetch/output."));
                return;
            }
            var segments = pointer.Split('/');
            switch (segments[1])
            {
                case "input":
                    if (segments.Length > 2 && inputTypes.Count > 0 && !inputTypes.ContainsKey(segments[2]))
                        errors.Add(new(path, $"'{pointer}': the input schema declares no property '{segments[2]}'."));
                    break;
                case "item" or "index" when inMap:
                    break;
                case "item" or "index":
                    errors.Add(new(path, $"'{pointer}': /item and /index exist only inside a map."));
                    break;
                case "steps" when segments.Length > 2:
                    if (!visible.Contains(segments[2]))
                        errors.Add(new(path, $"'{pointer}' is a dangling reference: no step '{segments[2]}' can have run before this point."));
                    break;
                default:
                    errors.Add(new(path, $"'{pointer}' must start with /input, /steps/{{id}}, /item or /index."));
                    break;
            }
        }

        List<int>[] Edges(IReadOnlyList<WorkflowStep> steps, string path, Dictionary<string, int> index)
        {
            var edges = new List<int>[steps.Count];
            for (var i = 0; i < steps.Count; i++)
            {
                edges[i] = [];
                var step = steps[i];
                void Jump(string? target, string name, bool fallsThrough)
                {
                    if (target is null)
                    {
                        if (fallsThrough && i + 1 < steps.Count) edges[i].Add(i + 1);
                        return;
                    }
                    if (target == End) return;
                    if (index.TryGetValue(target, out var t)) edges[i].Add(t);
                    else errors.Add(new($"{path}[{i}].{name}", $"No step '{target}' in this flow (or 'end')."));
                }
                if (step.Kind == StepKind.Condition)
                {
                    Jump(step.Then, "then", fallsThrough: true);
                    Jump(step.Else, "else", fallsThrough: true);
                }
                else Jump(step.Next, "next", fallsThrough: true);
            }
            return edges;
        }

        static HashSet<int> Reachable(List<int>[] edges, int from)
        {
            var seen = new HashSet<int> { from };
            var queue = new Queue<int>([from]);
            while (queue.TryDequeue(out var n))
                foreach (var m in edges[n])
                    if (seen.Add(m)) queue.Enqueue(m);
            return seen;
        }

        /// <summary>A step on a cycle, if any (depth-first search for a back edge).</summary>
        static int? FindCycle(List<int>[] edges)
        {
            var state = new int[edges.Length];
            int? Visit(int n)
            {
                state[n] = 1;
                foreach (var m in edges[n])
                {
                    if (state[m] == 1) return m;
                    if (state[m] == 0 && Visit(m) is { } found) return found;
                }
                state[n] = 2;
                return null;
            }
            for (var n = 0; n < edges.Length; n++)
                if (state[n] == 0 && Visit(n) is { } found) return found;
            return null;
        }
    }
}

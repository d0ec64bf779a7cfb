namespace Marketplace.Agents;

/// <summary>One skill of an agent: it reads the request, emits artifacts, may ask for input, and ends the task.</summary>
public interface ISkill
{
    string Id { get; }

    Task RunAsync(SkillRun run);
}

namespace Marketplace.Cli.Output;

/// <summary><c>--output</c>: tables for people; JSON (stable, the API's own field names) and YAML for scripts.</summary>
public enum OutputFormat { Table, Json, Yaml }

using System.ComponentModel.DataAnnotations;

namespace Marketplace.Graph;

/// <summary>Neo4j through its HTTP Query API; unset <c>Uri</c> means the embedded graph.</summary>
public sealed class Neo4jOptions
{
    public const string Section = "Neo4j";

    [Url]
    public string? Uri { get; set; }

    public string Database { get; set; } = "neo4j";

    public string? User { get; set; }

    /// <summary>A Key Vault reference in Azure.</summary>
    public string? Password { get; set; }

    /// <summary>Where the embedded graph keeps its log when no Neo4j is configured.</summary>
    public string EmbeddedPath { get; set; } = Path.Combine(".local", "graph", "graph.jsonl");
}

using System.ComponentModel.DataAnnotations;

namespace Marketplace.Storage;

/// <summary>
/// Names of the marketplace's tables, queues and containers. The prefix lets several isolated data sets share one
/// storage account (each test fixture uses its own).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [RegularExpression("^[a-z][a-z0-9]{0,15}$|^$", ErrorMessage = "Storage:Prefix must be up to 16 lowercase letters and digits, starting with a letter.")]
    public string Prefix { get; set; } = "";

    public string Table(string name) => Prefix + name;

    public string Queue(string name) => Prefix.Length == 0 ? name : $"{Prefix}-{name}";

    /// <summary>Blob containers follow the queue naming rules (lowercase, hyphens).</summary>
    public string Container(string name) => Queue(name);
}

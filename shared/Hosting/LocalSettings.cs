using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Hosting;

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c> (the Functions host's local settings file) so both hosts run
/// from the same settings. Lowest priority: environment variables and arguments override it.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static void AddTo(IConfigurationManager configuration, string contentRoot)
    {
        var path = Path.Combine(contentRoot, FileName);
        if (!File.Exists(path)) return;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("Values", out var values)) return;
        var settings = values.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":"), p => (string?)p.Value.ToString());
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
    }
}

using System.Text.Json;

namespace Marketplace.Cli.Config;

/// <summary>
/// Profiles in <c>$XDG_CONFIG_HOME/mkt/config.json</c> (default <c>~/.config/mkt/config.json</c>). The file holds API
/// keys, so it is created readable by its owner only (0600) and tightened again on every write.
/// </summary>
public sealed class ConfigStore(CliHost host)
{
    public string Path { get; } = System.IO.Path.Combine(ConfigHome(host), "mkt", "config.json");

    static string ConfigHome(CliHost host) =>
        host.Environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : System.IO.Path.Combine(host.HomeDirectory, ".config");

    public CliConfig Load()
    {
        if (!File.Exists(Path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path), CliJson.Default.CliConfig) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Failure, $"{Path} is not valid JSON ({e.Message}); fix or delete it.");
        }
    }

    public void Save(CliConfig config)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var temp = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
            JsonSerializer.Serialize(stream, config, CliJson.Default.CliConfig);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, Path, overwrite: true);
    }
}

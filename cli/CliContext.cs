using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Marketplace.Cli.Config;
using Marketplace.Cli.Output;
using Marketplace.Client;
using Spectre.Console;
using Profile = Marketplace.Cli.Config.Profile;

namespace Marketplace.Cli;

/// <summary>One command's view of its invocation: how to print, which marketplace, which key.</summary>
public sealed class CliContext
{
    public CliContext(CliHost host, Globals globals, ParseResult parse)
    {
        Host = host;
        Format = globals.FormatOf(parse);
        Verbose = parse.GetValue(globals.Verbose);
        ProfileName = parse.GetValue(globals.Profile) ?? host.Environment("MKT_PROFILE");
        Config = new ConfigStore(host);
        Console = CreateConsole(host.Out, host.Interactive);
    }

    public CliHost Host { get; }
    public OutputFormat Format { get; }
    public bool Verbose { get; }
    public string? ProfileName { get; }
    public ConfigStore Config { get; }
    public IAnsiConsole Console { get; }

    /// <summary>Where progress goes: with the result on a terminal, on stderr when stdout is JSON or YAML for a script.</summary>
    public TextWriter ProgressOut => Format == OutputFormat.Table ? Host.Out : Host.Err;

    static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive) console.Profile.Width = 200;
        return console;
    }

    /// <summary>The profile in use, with MKT_URL and MKT_KEY applied on top (a key from the environment wins over a sign-in).</summary>
    public (string Name, Profile? Profile) ResolveProfile()
    {
        var config = Config.Load();
        var name = ProfileName ?? config.Current;
        config.Profiles.TryGetValue(name, out var profile);
        var url = Host.Environment("MKT_URL") is { Length: > 0 } envUrl ? envUrl : profile?.Url;
        if (url is null) return (name, null);
        if (Host.Environment("MKT_KEY") is { Length: > 0 } envKey) return (name, new Profile(url, envKey));
        return (name, (profile ?? new Profile(url, null)) with { Url = url });
    }

    /// <summary>Whether the profile can call the API: it has a key, or a sign-in.</summary>
    public static bool HasCredential(Profile? profile) => profile is { Key.Length: > 0 } or { SignIn: not null };

    public MarketplaceClient Client()
    {
        var (name, profile) = ResolveProfile();
        if (profile is { Key: { Length: > 0 } key }) return new MarketplaceClient(ParseUrl(profile.Url), key);
        if (profile is { SignIn: not null }) return new MarketplaceClient(ParseUrl(profile.Url), null, new SignIn.SignInHandler(Config, name, profile, TimeProvider.System));
        throw CliException.NotLoggedIn();
    }

    public static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw CliException.Usage($"'{url}' is not an http(s) URL.");

    /// <summary>Prints a result: the table for people, or the value itself as JSON or YAML.</summary>
    public void Write<T>(T value, JsonTypeInfo<T> info, Action<IAnsiConsole> table)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                Host.Out.WriteLine(JsonText.Format(JsonSerializer.SerializeToElement(value, info)));
                break;
            case OutputFormat.Yaml:
                Host.Out.Write(YamlWriter.Write(JsonSerializer.SerializeToElement(value, info)));
                break;
            default:
                table(Console);
                break;
        }
    }

    /// <summary>One event of a stream: a line of JSON (NDJSON) or a YAML document, or what <paramref name="line"/> prints.</summary>
    public void WriteEvent<T>(T value, JsonTypeInfo<T> info, Action<IAnsiConsole> line)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                Host.Out.WriteLine(JsonText.Format(JsonSerializer.SerializeToElement(value, info), indented: false));
                break;
            case OutputFormat.Yaml:
                Host.Out.Write("---\n" + YamlWriter.Write(JsonSerializer.SerializeToElement(value, info)));
                break;
            default:
                line(Console);
                break;
        }
        Host.Out.Flush();
    }

    /// <summary>A progress line (never part of a JSON or YAML result).</summary>
    public void Progress(string text)
    {
        ProgressOut.WriteLine(text);
        ProgressOut.Flush();
    }
}

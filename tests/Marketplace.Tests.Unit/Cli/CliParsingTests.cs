using System.Text.Json;
using Marketplace.Cli;
using Marketplace.Cli.Commands;
using Marketplace.Cli.Output;
using Marketplace.Client;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Cli;

/// <summary>The command line without a marketplace: parsing, exit codes, output formats, profiles, offline checks.</summary>
public sealed class CliParsingTests
{
    [Fact]
    public async Task Help_lists_every_command_group_and_each_command_shows_examples()
    {
        using var cli = new CliRunner();
        var help = await cli.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var group in new[] { "login", "logout", "whoami", "agents", "send", "tasks", "workflows", "runs", "billing", "keys", "reviews", "tools", "mcp-servers", "completion" })
            Assert.Contains($"  {group}", help.Out);

        var publish = await cli.RunAsync("agents", "publish", "--help");
        Assert.Equal(0, publish.ExitCode);
        Assert.Contains("Examples:", publish.Out);
        Assert.Contains("mkt agents publish --card-url", publish.Out);
        Assert.Contains("--output <json|table|yaml>", publish.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("agents")]
    [InlineData("agents", "show")]
    [InlineData("whoami", "--output", "xml")]
    [InlineData("reviews", "write", "a-1", "--rating", "9")]
    [InlineData("keys", "create", "--role", "emperor")]
    [InlineData("billing", "usage", "--by", "week")]
    public async Task Usage_errors_exit_2_with_a_pointer_to_help(params string[] args)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains("--help'", result.Err);
    }

    [Fact]
    public async Task Version_prints_the_package_version()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("1.0.0", result.Out.Trim());
    }

    [Fact]
    public async Task Sign_in_to_an_unreachable_platform_fails_naming_it_and_saves_nothing()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("login", "--url", "http://127.0.0.1:9", "--device");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("Could not reach http://127.0.0.1:9/.well-known/oauth-protected-resource", result.Err);
        Assert.False(File.Exists(cli.ConfigPath));
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("login", "--url", "http://127.0.0.1:9", "--device", "--key", "mk.t.k.s")).ExitCode);
    }

    [Fact]
    public async Task Commands_without_a_profile_or_environment_exit_4_and_say_how_to_log_in()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("agents", "search", "text");
        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Contains("mkt login --url URL --key KEY", result.Err);
    }

    [Fact]
    public async Task A_marketplace_that_cannot_be_reached_is_named_in_one_line()
    {
        var url = new Uri($"http://127.0.0.1:{NodeTools.GetFreeTcpPort()}");
        using var cli = new CliRunner(url, "mk.t1.k1.secret");
        var result = await cli.RunAsync("billing", "balance");
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Could not reach {url}api/billing/balance", line);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Api_problems_map_to_exit_codes_and_read_as_one_line_plus_each_validation_error()
    {
        var validation = new MarketplaceApiException(400, new ProblemDetails
        {
            Title = "The request is not valid.", Detail = "2 problem(s) found.",
            Errors = JsonDocument.Parse("""[{"path":"$.card.name","message":"Name is required."},{"path":"$.card.skills[0].id","message":"Id is required."}]""").RootElement,
        });
        var (code, lines) = CliApp.Explain(validation);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(["error: The request is not valid.: 2 problem(s) found.", "  $.card.name: Name is required.", "  $.card.skills[0].id: Id is required."], lines);

        Assert.Equal(ExitCodes.NotFound, CliApp.Explain(new MarketplaceApiException(404, new ProblemDetails { Title = "Not found" })).Code);
        Assert.Equal(ExitCodes.Auth, CliApp.Explain(new MarketplaceApiException(401, new ProblemDetails { Title = "Unauthorized" })).Code);
        Assert.Equal(ExitCodes.Auth, CliApp.Explain(new MarketplaceApiException(403, new ProblemDetails { Title = "Forbidden" })).Code);
        Assert.Equal(ExitCodes.NotFound, CliApp.Explain(new A2AException(-32001, "Task not found", 200)).Code);
        Assert.Equal(ExitCodes.Auth, CliApp.Explain(new A2AException(-32000, "Unauthenticated", 401)).Code);
    }

    [Fact]
    public void Yaml_output_nests_blocks_and_quotes_what_would_read_as_something_else()
    {
        var json = JsonDocument.Parse("""
            {"agentId":"a-1","version":2,"public":true,"note":null,"tags":["x","true","42",""],"card":{"name":"Text: Analyst","skills":[{"id":"k","tags":[]},{"id":"s"}]},"empty":{}}
            """).RootElement;
        Assert.Equal("""
            agentId: a-1
            version: 2
            public: true
            note: null
            tags:
              - x
              - "true"
              - "42"
              - ""
            card:
              name: "Text: Analyst"
              skills:
                - id: k
                  tags: []
                - id: s
            empty: {}

            """.ReplaceLineEndings("\n"), YamlWriter.Write(json));
    }

    [Fact]
    public void Json_output_is_indented_and_keeps_text_readable()
    {
        var value = JsonDocument.Parse("""{"name":"Café <b>","n":[1,2]}""").RootElement;
        Assert.Equal("{\n  \"name\": \"Café <b>\",\n  \"n\": [\n    1,\n    2\n  ]\n}", JsonText.Format(value).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Marketplace_keys_name_their_tenant_and_key_id()
    {
        Assert.Equal(("acme", "k123"), AuthCommands.ParseKey("mk.acme.k123.s3cr3t"));
        Assert.Null(AuthCommands.ParseKey("test-admin-key-0123456789abcdef"));
        Assert.Null(AuthCommands.ParseKey("mk.acme..s3cr3t"));
    }

    [Fact]
    public void Messages_carry_the_skill_as_metadata_and_files_as_raw_parts()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("mkt-file-").FullName, "notes.txt");
        File.WriteAllText(file, "hello");
        try
        {
            var message = SendCommands.BuildMessage("Summarise", "keywords", [new FileInfo(file)], "ctx-1", null);
            Assert.Equal("ROLE_USER", message.Role);
            Assert.Equal("Summarise", message.Parts[0].Text);
            Assert.Equal(("notes.txt", "text/plain", Convert.ToBase64String("hello"u8.ToArray())), (message.Parts[1].Filename, message.Parts[1].MediaType, message.Parts[1].Raw));
            Assert.Equal("keywords", message.Metadata!.Value.GetProperty("skill").GetString());
            Assert.Equal("ctx-1", message.ContextId);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Workflow_validation_works_offline_and_names_each_problem_by_json_path()
    {
        using var cli = new CliRunner();
        foreach (var example in Directory.GetFiles(Path.Combine(NodeTools.RepoRoot, "docs", "workflows"), "*.json"))
        {
            var ok = await cli.RunAsync("workflows", "validate", example, "-o", "json");
            Assert.True(ok.ExitCode == 0, ok.Out + ok.Err);
        }

        var dir = Directory.CreateTempSubdirectory("mkt-wf-").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.json");
            File.WriteAllText(bad, """{"id":"w","name":"w","steps":[{"id":"s","kind":"teleport"}]}""");
            var result = await cli.RunAsync("workflows", "validate", bad, "-o", "json");
            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            var report = JsonDocument.Parse(result.Out).RootElement;
            Assert.False(report.GetProperty("valid").GetBoolean());
            Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.GetString()!.StartsWith("$.steps[0]", StringComparison.Ordinal));

            var notJson = Path.Combine(dir, "broken.json");
            File.WriteAllText(notJson, "{ nope");
            Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("workflows", "validate", notJson)).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _mkt_complete mkt")]
    [InlineData("zsh", "compdef _mkt_complete mkt")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName mkt")]
    public async Task Completion_scripts_ask_mkt_for_suggestions(string shell, string hook)
    {
        using var cli = new CliRunner();
        var script = await cli.RunAsync("completion", shell);
        Assert.Equal(0, script.ExitCode);
        Assert.Contains(hook, script.Out);
        Assert.Contains("[suggest:", script.Out);

        // What the scripts call: the parser's suggest directive completes commands and options.
        var commands = await cli.RunAsync("[suggest:9]", "agents se");
        Assert.Contains("search", commands.Out.Split('\n', StringSplitOptions.TrimEntries));
        var groups = await cli.RunAsync("[suggest:2]", "wo");
        Assert.Contains("workflows", groups.Out.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Config_lives_under_xdg_config_home_and_is_readable_by_its_owner_only()
    {
        using var cli = new CliRunner();
        var store = new Marketplace.Cli.Config.ConfigStore(new CliHost(TextWriter.Null, TextWriter.Null, n => n == "XDG_CONFIG_HOME" ? cli.ConfigHome : null, "/nonexistent-home"));
        Assert.Equal(cli.ConfigPath, store.Path);
        store.Save(new Marketplace.Cli.Config.CliConfig { Profiles = { ["default"] = new("http://127.0.0.1:7071", "mk.t.k.s") } });
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        Assert.Equal("mk.t.k.s", store.Load().Profiles["default"].Key);

        var home = new Marketplace.Cli.Config.ConfigStore(new CliHost(TextWriter.Null, TextWriter.Null, _ => null, "/home/someone"));
        Assert.Equal("/home/someone/.config/mkt/config.json", home.Path);
    }
}

using System.CommandLine;

namespace Marketplace.Cli.Commands;

/// <summary>
/// Shell completion scripts. Each asks <c>mkt</c> itself for suggestions through the parser's <c>[suggest]</c>
/// directive, so completions always match the installed version's commands and options.
/// </summary>
public static class CompletionCommand
{
    public static readonly IReadOnlyDictionary<string, string> Scripts = new Dictionary<string, string>
    {
        ["bash"] = """
            # mkt completion for bash: add to ~/.bashrc:  source <(mkt completion bash)
            _mkt_complete() {
              local IFS=$'\n'
              local line="${COMP_LINE#* }"
              local point=$((COMP_POINT - ${#COMP_LINE} + ${#line}))
              COMPREPLY=($(compgen -W "$(mkt "[suggest:${point}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _mkt_complete mkt
            """,
        ["zsh"] = """
            # mkt completion for zsh: add to ~/.zshrc:  source <(mkt completion zsh)
            _mkt_complete() {
              local line="${BUFFER#* }"
              local point=$((CURSOR - ${#BUFFER} + ${#line}))
              local -a suggestions
              suggestions=("${(@f)$(mkt "[suggest:${point}]" "${line}" 2>/dev/null)}")
              compadd -a suggestions
            }
            compdef _mkt_complete mkt
            """,
        ["pwsh"] = """
            # mkt completion for PowerShell: add to $PROFILE:  mkt completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName mkt -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $line = $commandAst.ToString()
                $rest = $line.Substring([Math]::Min($line.Length, $line.IndexOf(' ') + 1))
                $point = $cursorPosition - $commandAst.Extent.StartOffset - ($line.Length - $rest.Length)
                if ($line.IndexOf(' ') -lt 0) { $rest = ''; $point = 0 }
                mkt "[suggest:$point]" "$rest" | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }
            """,
    };

    public static Command Build(CliHost host)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong([.. Scripts.Keys]);
        var command = new Command("completion", "Print the shell completion script for bash, zsh or PowerShell.") { shell }
            .Describe("source <(mkt completion bash)", "source <(mkt completion zsh)", "mkt completion pwsh | Out-String | Invoke-Expression");
        command.SetAction(parse =>
        {
            host.Out.WriteLine(Scripts[parse.GetRequiredValue(shell)]);
            return ExitCodes.Ok;
        });
        return command;
    }
}

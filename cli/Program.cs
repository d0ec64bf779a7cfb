using Marketplace.Cli;

// Ctrl-C cancels the command in progress (streams and waits end cleanly) instead of killing the process.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, CliHost.FromProcess(), cancel.Token);

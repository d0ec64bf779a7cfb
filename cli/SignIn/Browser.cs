using System.Diagnostics;

namespace Marketplace.Cli.SignIn;

/// <summary>Opens a URL with the desktop's handler (xdg-open, open, or the Windows shell).</summary>
public static class Browser
{
    public static bool Open(Uri url)
    {
        try
        {
            var start = OperatingSystem.IsWindows() ? new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }
                : new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open", [url.AbsoluteUri]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No handler installed (a server, a container): the URL is printed for the user to open.
            return false;
        }
    }
}

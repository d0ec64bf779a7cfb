using System.Net;
using System.Net.Sockets;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Locates the npm-installed tools (emulators, independent protocol clients) that the tests drive.
/// They live in the repo's node_modules (see package.json), never in a global install.
/// </summary>
public static class NodeTools
{
    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot);

    /// <summary>The folder holding Marketplace.sln or package.json, found by walking up from the test binaries.</summary>
    public static string RepoRoot => LazyRepoRoot.Value;

    /// <summary>Path of <c>node_modules/.bin/{tool}</c>; it may not exist (see <see cref="RequireTool"/>).</summary>
    public static string ToolPath(string tool) => Path.Combine(RepoRoot, "node_modules", ".bin", tool);

    /// <summary>Path of an installed npm tool, or a clear failure telling the developer how to install it.</summary>
    public static string RequireTool(string tool)
    {
        var path = ToolPath(tool);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Node tool '{tool}' was not found at {path}. Run `npm ci` in {RepoRoot} to install the test emulators and clients.");
        }
        return path;
    }

    /// <summary>Path of a file shipped inside an npm package (for example a bundled certificate).</summary>
    public static string RequirePackageFile(string package, string relativePath)
    {
        var path = Path.Combine(RepoRoot, "node_modules", package, relativePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"File '{relativePath}' of npm package '{package}' was not found at {path}. Run `npm ci` in {RepoRoot}.");
        }
        return path;
    }

    /// <summary>
    /// A loopback port that is free right now (the OS picks it by binding port 0).
    /// Ports the local run uses (7071, Azurite's 10000-10002) are refused so tests never clash with a running dev stack.
    /// </summary>
    public static int GetFreeTcpPort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port != 7071 && port is < 10000 or > 10002)
            {
                return port;
            }
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")) ||
                File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"Could not find the repository root (a folder with Marketplace.sln or package.json) above {AppContext.BaseDirectory}.");
    }
}

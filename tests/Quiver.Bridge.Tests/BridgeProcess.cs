namespace Quiver.Bridge.Tests;

/// <summary><c>quiver bridge</c> run as a user would, on one "host" (a runtime directory); it prints "ready: …" once connected and subscribed.</summary>
public static class BridgeProcess
{
    /// <summary>The exit code of a bridge that cannot run as configured (ExitCodes.BridgeFailed, docs/cli.md).</summary>
    public const int Failed = 9;

    /// <summary>Starts the bridge and waits for its "ready" line.</summary>
    public static LineProcess Start(string runtimeDirectory, params string[] arguments)
    {
        var bridge = Launch(runtimeDirectory, arguments);
        try
        {
            bridge.Expect("ready");
            return bridge;
        }
        catch
        {
            bridge.Dispose();
            throw;
        }
    }

    /// <summary>Runs a bridge expected to refuse to start: its exit code and standard error.</summary>
    public static (int ExitCode, string Error) RunToFailure(string runtimeDirectory, params string[] arguments)
    {
        using var bridge = Launch(runtimeDirectory, arguments);
        int exitCode = bridge.WaitForExit();
        return (exitCode, bridge.StandardError);
    }

    /// <summary>Stops the bridge cleanly (SIGTERM) and returns the stats lines it printed on the way out.</summary>
    public static List<string> Stop(LineProcess bridge)
    {
        Assert.Equal(0, bridge.Terminate());
        return bridge.RemainingLines().Where(line => line.StartsWith("stats: ", StringComparison.Ordinal)).ToList();
    }

    public static LineProcess Launch(string runtimeDirectory, IEnumerable<string> arguments) =>
        new("dotnet", new[] { "exec", QuiverPath, "bridge" }.Concat(arguments), new Dictionary<string, string>
        {
            ["QUIVER_RUNTIME_DIR"] = runtimeDirectory,
            // Tests SIGKILL bridges; a .NET process killed that way leaves its diagnostics pipes in /tmp.
            ["DOTNET_EnableDiagnostics"] = "0",
        });

    /// <summary>The quiver command, built in the configuration and framework of the running tests.</summary>
    private static string QuiverPath
    {
        get
        {
            var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Quiver.Tests.RepositoryRoot.Path, "src", "Cli", "bin", baseDirectory.Parent!.Name, baseDirectory.Name, "quiver.dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The quiver command was not built: {path}", path);
            return path;
        }
    }
}

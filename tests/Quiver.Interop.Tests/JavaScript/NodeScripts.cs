using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.JavaScript;

/// <summary>Runs the committed .mjs scripts next to this file with node, against the installed apache-arrow.</summary>
public static class NodeScripts
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);

    /// <summary>The script's standard output; a failing script fails the test with its stderr.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["QUIVER_NODE_MODULES"] = TestDependencies.NodeModulesDirectory };
        var result = ExternalProcess.Run("node", [Path.Combine(RepositoryLayout.JavaScriptDirectory, script), .. arguments], TimeLimit, environment);
        if (result.ExitCode != 0)
            Assert.Fail($"The apache-arrow script failed: {result.Describe()}");
        return result.StandardOutput;
    }
}

using Quiver.Recording;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary>
/// The path a user takes: pack src/Cli, install the package as a .NET tool into a fresh folder
/// outside the repository, and run the installed <c>quiver</c>.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_in_a_fresh_folder_and_runs()
    {
        var repo = RepositoryRoot.Path;
        var root = Directory.CreateTempSubdirectory("quiver-tool-test-").FullName;
        try
        {
            var feed = Path.Combine(root, "feed");
            DotnetCli.Run(repo, packageCache: null, ["pack", Path.Combine(repo, "src/Cli/Quiver.Cli.csproj"), "-c", "Release", "-o", feed]);
            Assert.Equal(["Quiver.Cli.0.1.0-dev.nupkg"], Directory.GetFiles(feed).Select(Path.GetFileName));

            // A folder with no project and a package cache of its own, so the freshly packed tool
            // is used, not an older 0.1.0-dev from the user's cache.
            var user = Directory.CreateDirectory(Path.Combine(root, "user")).FullName;
            var tools = Path.Combine(root, "tools");
            var packageCache = Path.Combine(root, "packages");
            DotnetCli.Run(user, packageCache, ["tool", "install", "Quiver.Cli", "--version", "0.1.0-dev", "--tool-path", tools, "--add-source", feed]);

            var help = DotnetCli.Run(Path.Combine(tools, "quiver"), user, packageCache, ["--help"]).Output;
            Assert.Contains("Usage:\n  quiver [command] [options]", help);
            Assert.Contains("Examples:\n  quiver gen python schemas -o generated/python\n", help);

            Directory.CreateDirectory(Path.Combine(user, "schemas"));
            File.Copy(Path.Combine(repo, "schemas", "geometry.quiver"), Path.Combine(user, "schemas", "geometry.quiver"));
            var gen = DotnetCli.Run(Path.Combine(tools, "quiver"), user, packageCache, ["gen", "python", "schemas", "-o", "out"]).Output;
            Assert.Equal("quiver: 1 schema file(s) -> out (2 file(s) written, the others unchanged)\n", gen);
            Assert.Equal(["geometry.py", "py.typed"], Directory.GetFiles(Path.Combine(user, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            // quiver sql loads DuckDB's native library, which must have come with the tool. A query
            // that names no topic needs no messages, only a recording to point at.
            var recording = Directory.CreateDirectory(Path.Combine(user, "rec")).FullName;
            new RecordingMetadata(RecordingMetadata.CurrentFormatVersion, "test", DateTimeOffset.UnixEpoch, null, null,
                [new RecordedTopic("unused", 0, 0, 0, 0, [])]).Save(recording);
            var sql = DotnetCli.Run(Path.Combine(tools, "quiver"), user, packageCache, ["sql", "select 6 * 7 as answer", "--recording", "rec", "--json"]).Output;
            Assert.Equal("{\"answer\":42}\n", sql);

            // quiver bridge needs NATS.Net, which must have come with the tool too: a bridge pointed
            // at a port where no server listens gets as far as connecting and says so.
            var (_, bridgeError) = DotnetCli.Run(Path.Combine(tools, "quiver"), user, packageCache, ["bridge", "--nats", "nats://127.0.0.1:1", "--export", "some/topic"],
                new Dictionary<string, string> { ["QUIVER_RUNTIME_DIR"] = Path.Combine(root, "runtime") }, expectedExitCode: 9);
            Assert.StartsWith("quiver: Cannot connect to NATS at nats://127.0.0.1:1", bridgeError);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

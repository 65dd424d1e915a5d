using System.Reflection;

namespace Quiver.Cli.Tests;

/// <summary>docs/cli.md documents what the command does: every exit code and every command.</summary>
public class DocumentationTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(Quiver.Tests.RepositoryRoot.Path, "docs", "cli.md")).Replace("\r\n", "\n");

    [Fact]
    public void Every_exit_code_is_in_the_table()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (int)field.GetRawConstantValue()!).ToList();

        Assert.True(codes.Count >= 7);
        Assert.All(codes, code => Assert.Contains($"\n| {code} | ", Doc));
    }

    [Fact]
    public void Every_command_has_a_section_and_a_recorded_run()
    {
        foreach (var command in QuiverCommand.Create().Subcommands.Select(c => c.Name))
        {
            Assert.Contains($"`quiver {command}", Doc);
            if (command != "gen")
                Assert.Contains($"\n$ quiver {command} ", Doc);
        }
    }
}

using static Quiver.Cli.Tests.CliRun;

namespace Quiver.Cli.Tests;

/// <summary>The live commands' help and command-line errors, run in-process (no publisher needed).</summary>
public class LiveUsageTests
{
    [Theory]
    [InlineData("topics", "quiver topics --rates --window 2")]
    [InlineData("info", "quiver info camera/front --json")]
    [InlineData("echo", "quiver echo camera/front --once --bytes 8")]
    [InlineData("hz", "quiver hz camera/front --count 300")]
    [InlineData("bw", "quiver bw camera/front --duration 10")]
    public void Every_command_help_ends_with_examples(string command, string example)
    {
        var (exitCode, stdout, stderr) = Run(command, "--help");

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains($"Usage:\n  quiver {command}", stdout);
        var examples = stdout[stdout.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        Assert.Contains("\n  " + example + "\n", examples);
    }

    [Fact]
    public void The_root_help_lists_every_command()
    {
        var (_, stdout, _) = Run("--help");

        foreach (var command in new[] { "gen", "topics", "info", "echo", "hz", "bw" })
            Assert.Matches($"\n  {command} ", stdout);
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("echo", "t", "--count", "0")]
    [InlineData("echo", "t", "--bytes", "-1")]
    [InlineData("hz", "t", "--window", "1")]
    [InlineData("hz", "t", "--interval", "0")]
    [InlineData("bw", "t", "--duration", "-3")]
    [InlineData("topics", "--window", "0")]
    [InlineData("info", "t", "--wait", "soon")]
    public void Bad_options_are_usage_errors_that_name_the_help_to_read(params string[] args)
    {
        var (exitCode, stdout, stderr) = Run(args);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("quiver: ", stderr);
        Assert.EndsWith($"Run 'quiver {args[0]} --help' for usage and examples.\n", stderr);
    }

    [Fact]
    public void A_topic_name_the_runtime_refuses_is_a_usage_error()
    {
        var (exitCode, _, stderr) = Run("echo", "bad\0name", "--once");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.StartsWith("quiver: 'bad\0name' is not a topic name: ", stderr);
    }
}

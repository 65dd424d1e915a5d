namespace Quiver.Cli.Tests;

/// <summary>
/// Shell completion through System.CommandLine's <c>[suggest:position]</c> directive, which the
/// bash function in docs/cli.md calls: commands, option values, and the live topics of the
/// runtime directory for a topic argument.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    private (int ExitCode, string[] Suggestions) Suggest(string line)
    {
        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, $"[suggest:{line.Length}]", line);
        Assert.True(exitCode == 0, errors);
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Commands_and_option_values_complete()
    {
        Assert.Contains("record", Suggest("quiver rec").Suggestions);
        Assert.DoesNotContain("topics", Suggest("quiver rec").Suggestions);
        Assert.Equal(["lz4", "zstd"], Suggest("quiver record -o r --compress ").Suggestions);
    }

    [Fact]
    public void A_topic_argument_completes_to_the_live_topics()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/front", 20);
        using var other = new CameraPeer(_live.Runtime, "camera/rear", 20);

        Assert.Equal(["camera/front", "camera/rear"], Suggest("quiver echo cam").Suggestions);
        Assert.Equal(["camera/rear"], Suggest("quiver hz camera/r").Suggestions);
        Assert.Contains("camera/front", Suggest("quiver record -o run1 ").Suggestions);
        // Help names the argument, not the topics that happen to be live.
        var (_, help, _) = QuiverProcess.Run(_live.Runtime, "echo", "--help");
        Assert.Contains("quiver echo <topic> [options]", help);
        Assert.Contains("\n  <topic>  ", help);
        Assert.DoesNotContain("camera/rear", help);
    }

    [Fact]
    public void Completing_a_topic_or_showing_help_creates_no_runtime_directory()
    {
        var missing = Path.Combine(_live.Runtime, "not-yet");

        var suggestions = QuiverProcess.Run(missing, $"[suggest:{"quiver echo ".Length}]", "quiver echo ").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(suggestions, line => !line.StartsWith('-') && !line.StartsWith('/'));
        QuiverProcess.Run(missing, "echo", "--help");
        Assert.False(Directory.Exists(missing));
    }
}

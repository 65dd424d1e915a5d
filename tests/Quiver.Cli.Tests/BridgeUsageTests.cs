using static Quiver.Cli.Tests.CliRun;

namespace Quiver.Cli.Tests;

/// <summary>
/// <c>quiver bridge</c>'s help and command-line errors, in-process. Runs against a NATS cluster are
/// in tests/Quiver.Bridge.Tests, which start real servers.
/// </summary>
public class BridgeUsageTests
{
    [Fact]
    public void The_help_ends_with_examples()
    {
        var (exitCode, stdout, stderr) = Run("bridge", "--help");

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:\n  quiver bridge [options]", stdout);
        var examples = stdout[stdout.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        Assert.Contains("\n  quiver bridge --nats nats://node2:4222 --prefix lab --import robot/camera\n", examples);
    }

    [Theory]
    [InlineData("quiver: Option '--nats' is required.", "--export", "t")]
    [InlineData("quiver: --queue-depth is a number of samples, 1 or more.", "--queue-depth", "0")]
    [InlineData("quiver: --import-queue-depth is a number of samples from 1 to 1048576.", "--import-queue-depth", "0")]
    [InlineData("quiver: --max-chunk-bytes must leave room for a chunk's header and some of the message: 49 or more.", "--max-chunk-bytes", "48")]
    [InlineData("quiver: --max-message-bytes is a number of bytes from 0 to 2147483647.", "--max-message-bytes", "3000000000")]
    [InlineData("quiver: --max-batch-bytes is a number of bytes, 0 or more (0: no batches).", "--max-batch-bytes", "-1")]
    [InlineData("quiver: --reassembly-timeout takes seconds above 0, up to 3600.", "--reassembly-timeout", "0")]
    [InlineData("quiver: --stats takes seconds, 0 or more (0: only when stopping).", "--stats", "-1")]
    public void Bad_options_are_usage_errors_that_say_what_is_wrong(string message, params string[] args)
    {
        var arguments = args.Contains("--export") ? args : ["--nats", "nats://127.0.0.1:1", "--export", "t", .. args];
        var (exitCode, stdout, stderr) = Run(["bridge", .. arguments]);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"{message}\nRun 'quiver bridge --help' for usage and examples.\n", stderr);
    }

    [Theory]
    [InlineData("quiver: A bridge needs at least one topic to export or import.\n", "--nats", "nats://127.0.0.1:1")]
    [InlineData("quiver: Topic 't' is both exported and imported by one bridge; a topic has one direction per bridge.\n", "--nats", "nats://127.0.0.1:1", "--export", "t", "--import", "t")]
    [InlineData("quiver: --since applies to reliable mode only; add --reliable.\n", "--nats", "nats://127.0.0.1:1", "--import", "t", "--since", "5m")]
    [InlineData("quiver: --max-age takes a positive duration such as 90s, 15m, 2h or 7d (at most ten years); 'soon' is not one.\n", "--nats", "nats://127.0.0.1:1", "--import", "t", "--reliable", "--max-age", "soon")]
    [InlineData("quiver: --since takes a duration before now (90s, 15m, 2h, 7d) or a time (2026-12-04T21:00:00Z); 'yesterday' is neither.\n", "--nats", "nats://127.0.0.1:1", "--import", "t", "--reliable", "--since", "yesterday")]
    public void Settings_that_cannot_work_together_are_usage_errors(string message, params string[] args)
    {
        var (exitCode, _, stderr) = Run(["bridge", .. args]);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal(message, stderr);
    }

    [Fact]
    public void A_cluster_that_cannot_be_reached_is_a_bridge_failure()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        var (exitCode, stdout, stderr) = Run("bridge", "--nats", "nats://127.0.0.1:1", "--export", "t");

        Assert.Equal(ExitCodes.BridgeFailed, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("quiver: Cannot connect to NATS at nats://127.0.0.1:1", stderr);
    }
}

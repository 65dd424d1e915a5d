using System.Text.Json;

namespace Quiver.Cli.Tests;

/// <summary><c>quiver hz</c> and <c>quiver bw</c> against real publisher processes.</summary>
public sealed class RateCommandTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    private static JsonElement LastReport(string output) =>
        JsonDocument.Parse(output.TrimEnd('\n').Split('\n')[^1]).RootElement;

    [Theory]
    [InlineData("csharp")]
    [InlineData("python")]
    public void Bw_counts_every_byte_of_a_raw_publishers_samples(string language)
    {
        using var publisher = language == "csharp" ? RawPublisherPeer.CSharp(_live.Runtime, "raw/bw") : RawPublisherPeer.Python(_live.Runtime, "raw/bw");
        using var bw = new QuiverProcess(_live.Runtime, "bw", "raw/bw", "--count", "5", "--json");
        publisher.SendTo(subscribers: 1, count: 5, length: 777);

        var (exitCode, output, errors) = bw.WaitForExit();

        Assert.True(exitCode == 0, errors);
        var report = LastReport(output);
        Assert.Equal(5, report.GetProperty("total").GetInt32());
        Assert.Equal(5, report.GetProperty("window").GetInt32());
        Assert.Equal(777, report.GetProperty("minBytes").GetInt32());
        Assert.Equal(777, report.GetProperty("maxBytes").GetInt32());
        Assert.Equal(777, report.GetProperty("meanBytes").GetDouble());
        // Both are printed rounded (rate to 0.001 Hz, bytes/s to 0.1), so they agree to a part in a thousand.
        Assert.InRange(report.GetProperty("bytesPerSecond").GetDouble() / (777 * report.GetProperty("rate").GetDouble()), 0.999, 1.001);
    }

    [Fact]
    public void Hz_reports_rate_gaps_and_latency_of_the_camera_over_its_window()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/hz", 50);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "hz", "camera/hz", "--count", "20", "--window", "10", "--json");

        Assert.True(exitCode == 0, errors);
        var report = LastReport(output);
        Assert.Equal(20, report.GetProperty("total").GetInt32());
        Assert.Equal(10, report.GetProperty("window").GetInt32());
        var rate = report.GetProperty("rate").GetDouble();
        Assert.True(rate > 0, output);
        Assert.True(report.GetProperty("gapMinMs").GetDouble() <= report.GetProperty("gapMaxMs").GetDouble(), output);
        Assert.True(report.GetProperty("latencyP50Ms").GetDouble() <= report.GetProperty("latencyP99Ms").GetDouble(), output);
    }

    [Fact]
    public void Hz_text_refreshes_until_its_count_is_reached()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/live", 50);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "hz", "camera/live", "--count", "15", "--interval", "0.1");

        Assert.True(exitCode == 0, errors);
        var lines = output.TrimEnd('\n').Split('\n');
        const string report = @"^rate \d+\.\d\d Hz  gap min \d+\.\d{3} ms  max \d+\.\d{3} ms  std \d+\.\d{3} ms  latency p50 -?\d+\.\d{3} ms  p99 -?\d+\.\d{3} ms  window \d+$";
        // The last report covers all 15; those before it came every interval, some maybe before two frames had arrived.
        Assert.Matches(report.Replace(@"window \d+", "window 15"), lines[^1]);
        Assert.All(lines, line => Assert.Matches(report + @"|^waiting for samples \(\d+ so far\)$", line));
    }

    [Fact]
    public void A_silent_topic_reports_waiting_until_the_duration_ends()
    {
        using var publisher = RawPublisherPeer.Python(_live.Runtime, "raw/silent");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "bw", "raw/silent", "--duration", "0.5", "--json");

        Assert.True(exitCode == 0, errors);
        Assert.Equal("{\"total\":0}", output.TrimEnd('\n').Split('\n')[^1]);
    }
}

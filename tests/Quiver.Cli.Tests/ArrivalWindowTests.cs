using Quiver.Cli.Live;

namespace Quiver.Cli.Tests;

/// <summary>The statistics of <c>quiver hz</c> and <c>bw</c> on arrivals whose numbers are worked out by hand.</summary>
public class ArrivalWindowTests
{
    private const long Millisecond = 1_000_000;

    [Fact]
    public void Even_gaps_give_their_rate_and_no_jitter()
    {
        var window = new ArrivalWindow(capacity: 100);
        for (var i = 0; i < 11; i++)
            window.Add(receivedNanoseconds: i * 10 * Millisecond + 2 * Millisecond, publishedNanoseconds: i * 10 * Millisecond, bytes: 500);

        var report = window.Report()!;

        Assert.Equal(11, report.Samples);
        Assert.Equal(100, report.Rate, 9);
        Assert.Equal(10, report.GapMinMs, 9);
        Assert.Equal(10, report.GapMaxMs, 9);
        Assert.Equal(0, report.GapStdDevMs, 9);
        Assert.Equal(50_000, report.BytesPerSecond, 6);
        Assert.Equal(2, report.LatencyP50Ms, 9);
        Assert.Equal(2, report.LatencyP99Ms, 9);
    }

    [Fact]
    public void Uneven_gaps_give_min_max_and_standard_deviation()
    {
        var window = new ArrivalWindow(capacity: 100);
        // Gaps 10 ms and 30 ms: mean 20 ms (50 Hz), standard deviation 10 ms.
        long[] received = [0, 10, 40, 50, 80];
        foreach (var at in received)
            window.Add(at * Millisecond, at * Millisecond, bytes: at == 0 ? 100 : 300);

        var report = window.Report()!;

        Assert.Equal(50, report.Rate, 9);
        Assert.Equal(10, report.GapMinMs, 9);
        Assert.Equal(30, report.GapMaxMs, 9);
        Assert.Equal(10, report.GapStdDevMs, 9);
        Assert.Equal(100, report.MinBytes);
        Assert.Equal(300, report.MaxBytes);
        Assert.Equal(260, report.MeanBytes, 9);
        Assert.Equal(260 * 50, report.BytesPerSecond, 6);
    }

    [Fact]
    public void Latency_percentiles_are_nearest_rank_over_the_window_only()
    {
        var window = new ArrivalWindow(capacity: 100);
        // An arrival outside the window (the first of 101) must not count: its latency is 1000 ms.
        window.Add(0, -1000 * Millisecond, 1);
        for (var i = 1; i <= 100; i++)
            window.Add(i * Millisecond, i * Millisecond - i * Millisecond / 10, 1);

        var report = window.Report()!;

        Assert.Equal(100, report.Samples);
        Assert.Equal(101, window.Total);
        // Latencies 0.1, 0.2, ... 10.0 ms: the 50th is 5.0, the 99th 9.9.
        Assert.Equal(5.0, report.LatencyP50Ms, 9);
        Assert.Equal(9.9, report.LatencyP99Ms, 9);
    }

    [Fact]
    public void One_arrival_has_no_gap_so_no_report()
    {
        var window = new ArrivalWindow(capacity: 10);
        window.Add(5, 4, 1);

        Assert.Null(window.Report());
    }
}

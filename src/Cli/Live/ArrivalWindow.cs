namespace Quiver.Cli.Live;

/// <summary>What <c>quiver hz</c> and <c>quiver bw</c> report over the samples of the window.</summary>
/// <param name="Rate">Samples per second: the gaps between the window's arrivals, averaged.</param>
/// <param name="LatencyP50Ms">Receive time minus the publisher's sample timestamp (both wall clocks of this machine).</param>
public sealed record ArrivalReport(
    int Samples,
    double Rate,
    double GapMinMs,
    double GapMaxMs,
    double GapStdDevMs,
    double BytesPerSecond,
    double MeanBytes,
    long MinBytes,
    long MaxBytes,
    double LatencyP50Ms,
    double LatencyP99Ms);

/// <summary>The last <c>capacity</c> arrivals of a topic and the statistics over them.</summary>
public sealed class ArrivalWindow(int capacity)
{
    private readonly Queue<Arrival> _arrivals = new();

    public long Total { get; private set; }

    /// <param name="receivedNanoseconds">This side's wall clock when the sample arrived, ns since the Unix epoch.</param>
    /// <param name="publishedNanoseconds">The sample's timestamp: the publisher's wall clock when it sent it.</param>
    public void Add(long receivedNanoseconds, long publishedNanoseconds, long bytes)
    {
        if (_arrivals.Count == capacity)
            _arrivals.Dequeue();
        _arrivals.Enqueue(new Arrival(receivedNanoseconds, publishedNanoseconds, bytes));
        Total++;
    }

    /// <summary>The statistics of the window; null before two samples have arrived (no gap yet).</summary>
    public ArrivalReport? Report()
    {
        if (_arrivals.Count < 2)
            return null;
        var arrivals = _arrivals.ToArray();
        var gaps = new double[arrivals.Length - 1];
        for (var i = 1; i < arrivals.Length; i++)
            gaps[i - 1] = (arrivals[i].Received - arrivals[i - 1].Received) / 1e6;
        var meanGap = gaps.Average();
        var variance = gaps.Sum(gap => (gap - meanGap) * (gap - meanGap)) / gaps.Length;
        // Arrivals closer than the clock resolves (a burst) have no measurable rate; 0 says so without an infinity.
        var rate = meanGap > 0 ? 1000 / meanGap : 0;
        var meanBytes = arrivals.Average(arrival => (double)arrival.Bytes);
        var latencies = arrivals.Select(arrival => (arrival.Received - arrival.Published) / 1e6).Order().ToArray();
        return new ArrivalReport(
            arrivals.Length, rate, gaps.Min(), gaps.Max(), Math.Sqrt(variance), meanBytes * rate, meanBytes,
            arrivals.Min(arrival => arrival.Bytes), arrivals.Max(arrival => arrival.Bytes),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    public static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private readonly record struct Arrival(long Received, long Published, long Bytes);
}

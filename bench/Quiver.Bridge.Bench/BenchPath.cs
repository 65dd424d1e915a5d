namespace Quiver.Bridge.Bench;

/// <summary>
/// One way from host A to host B (bridged, or a bare NATS.Net baseline): a workload's paced run
/// gives the latencies, its back-to-back run the throughput.
/// </summary>
internal abstract class BenchPath
{
    public async Task<Measurement> MeasureAsync(Workload workload, string round)
    {
        var paced = await RunAsync($"{round}/latency{workload.Size}", workload.Size, workload.LatencyCount, workload.Interval);
        var backToBack = await RunAsync($"{round}/throughput{workload.Size}", workload.Size, workload.ThroughputCount, TimeSpan.Zero);
        return Measurement.Of(workload.Size, paced, backToBack);
    }

    /// <summary>Sends <paramref name="count"/> messages of <paramref name="size"/> bytes, <paramref name="interval"/> apart (zero: back to back), each stamped with the sender's clock.</summary>
    protected abstract Task<PathRun> RunAsync(string name, int size, int count, TimeSpan interval);
}

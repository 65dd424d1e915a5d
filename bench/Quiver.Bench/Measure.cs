using System.Diagnostics;

namespace Quiver.Bench;

/// <summary>Median time and allocation per call of an operation, shared by the in-process benchmarks.</summary>
internal static class Measure
{
    /// <summary>
    /// Each sample times enough calls to last about 200 µs, so timer resolution does not matter;
    /// the median of the samples resists the noise of a shared machine.
    /// </summary>
    public static double MedianNanoseconds(Func<long> operation, int samples)
    {
        long sink = 0;
        var callsPerSample = 1;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < callsPerSample; i++)
                sink += operation();
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds >= 200 || callsPerSample >= 1 << 20)
                break;
            callsPerSample *= 2;
        }
        var perCall = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < callsPerSample; i++)
                sink += operation();
            perCall[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / callsPerSample;
        }
        GC.KeepAlive(sink);
        Array.Sort(perCall);
        return perCall[samples / 2];
    }

    public static long AllocatedPerCall(Func<long> operation)
    {
        const int calls = 100;
        operation();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
            operation();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }
}

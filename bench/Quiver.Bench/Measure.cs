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

    /// <summary>Runs the operation for half a second first, so tiered compilation has optimised what it calls.</summary>
    public static void WarmUp(Func<long> operation)
    {
        long sink = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 500)
            sink += operation();
        GC.KeepAlive(sink);
    }

    /// <summary>
    /// Times every operation once per round, round after round, so a burst of load on the shared
    /// machine lands on all of them alike; each time covers enough calls to last about 200 µs.
    /// </summary>
    public static double[] InterleavedMedians(Func<long>[] operations, int rounds)
    {
        long sink = 0;
        var calls = operations.Select(operation => CallsFor(operation, ref sink)).ToArray();
        var times = operations.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < operations.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var call = 0; call < calls[i]; call++)
                    sink += operations[i]();
                times[i][round] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls[i];
            }
        }
        GC.KeepAlive(sink);
        return times.Select(perCall => perCall.Order().ElementAt(rounds / 2)).ToArray();
    }

    private static int CallsFor(Func<long> operation, ref long sink)
    {
        var calls = 1;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
                sink += operation();
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds >= 200)
                return calls;
            calls *= 2;
        }
    }
}

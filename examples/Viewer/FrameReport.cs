using System.Diagnostics;

namespace Quiver.Examples.Viewer;

/// <summary>Counts frames and latencies; prints a line per second and a summary.</summary>
internal sealed class FrameReport
{
    private readonly List<long> _latencies = new();
    private readonly List<long> _second = new();
    private readonly Stopwatch _clock = new();
    private long _secondStart;
    private long _bytes;
    private int _maxHeld;

    public long Frames => _latencies.Count;
    public long Broken { get; private set; }

    public static long NowNanoseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public void Add(long latencyNs, int bytes, bool intact, int held)
    {
        if (!_clock.IsRunning)
            _clock.Start();
        _latencies.Add(latencyNs);
        _second.Add(latencyNs);
        _bytes += bytes;
        _maxHeld = Math.Max(_maxHeld, held);
        if (!intact)
            Broken++;
    }

    public void PrintEverySecond()
    {
        long now = _clock.ElapsedTicks;
        double elapsed = (now - _secondStart) / (double)Stopwatch.Frequency;
        if (elapsed < 1)
            return;
        Console.WriteLine($"viewer: {_second.Count / elapsed,6:F1} frames/s  latency p50 {Milliseconds(Percentile(_second, 0.5))}  max {Milliseconds(_second.Max())}  held {_maxHeld} frames");
        _second.Clear();
        _secondStart = now;
    }

    public void PrintSummary()
    {
        if (Frames == 0)
        {
            Console.WriteLine("viewer: no frames received");
            return;
        }
        double seconds = _clock.Elapsed.TotalSeconds;
        Console.WriteLine($"viewer: {Frames} frames in {seconds:F1} s ({Frames / Math.Max(seconds, 1e-9):F1} frames/s, {_bytes / 1e9:F2} GB read in place, none copied); " +
            $"latency stamp->view p50 {Milliseconds(Percentile(_latencies, 0.5))}, p99 {Milliseconds(Percentile(_latencies, 0.99))}, max {Milliseconds(_latencies.Max())}; " +
            $"at most {_maxHeld} frames held; {(Broken == 0 ? "every frame intact" : $"{Broken} frames BROKEN")}");
    }

    private static long Percentile(List<long> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private static string Milliseconds(long nanoseconds) => $"{nanoseconds / 1e6:F3} ms";
}

using System.Diagnostics;

namespace Quiver.Transport;

/// <summary>
/// Unix time in nanoseconds from a <see cref="Stopwatch"/> reading, so a send reads one clock for
/// both its in-flight entry and its frame's timestamp (a clock read is ~30 ns, measured on the send path).
/// The offset between the two clocks is measured again once a second, so a step of the wall clock
/// (NTP, an operator) shows in the timestamps within a second. Not thread-safe: the publisher's
/// send lock serialises its callers.
/// </summary>
internal sealed class UnixClock
{
    private static readonly long RecalibrateEvery = Stopwatch.Frequency;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private long _offsetNanoseconds;
    private long _nextCalibration = long.MinValue;

    public long UnixNanoseconds(long stopwatchTimestamp)
    {
        if (stopwatchTimestamp >= _nextCalibration)
            Calibrate(stopwatchTimestamp);
        return _offsetNanoseconds + ToNanoseconds(stopwatchTimestamp);
    }

    private void Calibrate(long stopwatchTimestamp)
    {
        // The wall clock read between two Stopwatch readings is paired with their midpoint.
        long before = Stopwatch.GetTimestamp();
        long wall = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        long after = Stopwatch.GetTimestamp();
        _offsetNanoseconds = wall - ToNanoseconds(before + (after - before) / 2);
        _nextCalibration = stopwatchTimestamp + RecalibrateEvery;
    }

    // Stopwatch ticks are nanoseconds on Linux; the conversion only matters elsewhere.
    private static long ToNanoseconds(long ticks) => Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * NanosecondsPerTick);
}

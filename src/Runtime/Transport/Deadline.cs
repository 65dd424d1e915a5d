using System.Diagnostics;

namespace Quiver.Transport;

/// <summary>A point in <see cref="Stopwatch"/> time that a wait must not pass; infinite for <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
internal readonly struct Deadline
{
    private const long Never = long.MaxValue;
    private readonly long _at;

    private Deadline(long at) => _at = at;

    public static Deadline After(TimeSpan timeout) =>
        new(timeout == Timeout.InfiniteTimeSpan ? Never : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Time left as a wait timeout: infinite for no deadline, zero once it has passed.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (_at == Never)
                return Timeout.InfiniteTimeSpan;
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _at);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}

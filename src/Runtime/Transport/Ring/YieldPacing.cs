using System.Diagnostics;

namespace Quiver.Transport.Ring;

/// <summary>
/// How often a spinning thread gives its core away. A spin must yield now and then, so that a
/// thread sharing its core (the sender, on a busy machine) runs. But a yield is a system call
/// (~0.5 µs on a 2-core VM, measured), and a sample that lands during one waits for it: with
/// nothing else to run on the core, frequent yields only add latency. So the period starts at
/// <see cref="Shortest"/> and doubles after every yield that came straight back (nothing else
/// ran), up to <see cref="Longest"/>; a yield that took longer means another thread ran, and the
/// period starts again from the shortest.
/// </summary>
internal struct YieldPacing
{
    /// <summary>The period after a yield that let another thread run: a sender sharing the core waits about this long.</summary>
    public static readonly long Shortest = Stopwatch.Frequency / 1_000_000;

    /// <summary>The period once yields keep coming straight back.</summary>
    public static readonly long Longest = Stopwatch.Frequency * 32 / 1_000_000;

    /// <summary>A yield this long or longer ran another thread: an idle one returns in well under it.</summary>
    public static readonly long AnotherThreadRan = Stopwatch.Frequency * 5 / 1_000_000;

    private long _period;

    /// <summary>Ticks to spin before the next yield.</summary>
    public readonly long Period => _period == 0 ? Shortest : _period;

    /// <summary>Records how long the last yield took (in <see cref="Stopwatch"/> ticks) and sets the next period.</summary>
    public void Yielded(long ticks) =>
        _period = ticks >= AnotherThreadRan ? Shortest : Math.Min(Period * 2, Longest);
}

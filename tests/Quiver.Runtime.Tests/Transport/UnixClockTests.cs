using System.Diagnostics;
using Quiver.Transport;
using Xunit;

namespace Quiver.Runtime.Tests.Transport;

public class UnixClockTests
{
    // DateTime.UtcNow counts 100 ns ticks; the clock pairs it with a Stopwatch reading taken beside it.
    private const long Slack = 1_000;

    [Fact]
    public void A_stopwatch_reading_becomes_the_wall_time_it_was_taken_at()
    {
        var clock = new UnixClock();
        for (int i = 0; i < 1000; i++)
        {
            long before = WallNanoseconds();
            long reading = Stopwatch.GetTimestamp();
            long after = WallNanoseconds();
            Assert.InRange(clock.UnixNanoseconds(reading), before - Slack, after + Slack);
        }
    }

    [Fact]
    public void Readings_taken_later_give_later_times_by_the_same_amount()
    {
        var clock = new UnixClock();
        long first = Stopwatch.GetTimestamp();
        long later = first + Stopwatch.Frequency / 1000;
        long unixFirst = clock.UnixNanoseconds(first);
        Assert.Equal(1_000_000, clock.UnixNanoseconds(later) - unixFirst);
    }

    private static long WallNanoseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}

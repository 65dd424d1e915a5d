using Quiver.Transport.Ring;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>How often the ring's spin gives its core away (<see cref="YieldPacing"/>).</summary>
public sealed class YieldPacingTests
{
    private static readonly long StraightBack = YieldPacing.AnotherThreadRan / 10;

    [Fact]
    public void The_period_starts_at_the_shortest_and_doubles_while_yields_come_straight_back_up_to_the_longest()
    {
        var pacing = new YieldPacing();
        Assert.Equal(YieldPacing.Shortest, pacing.Period);

        var periods = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            pacing.Yielded(StraightBack);
            periods.Add(pacing.Period);
        }

        // 1, 2, 4, 8, 16 and 32 µs, then the cap.
        Assert.Equal(YieldPacing.Shortest * 2, periods[0]);
        Assert.Equal(YieldPacing.Shortest * 4, periods[1]);
        Assert.Equal(YieldPacing.Longest, periods[4]);
        Assert.All(periods.Skip(4), period => Assert.Equal(YieldPacing.Longest, period));
        Assert.True(periods.SequenceEqual(periods.Order()));
    }

    [Fact]
    public void A_yield_that_ran_another_thread_starts_the_period_again_from_the_shortest()
    {
        var pacing = new YieldPacing();
        for (var i = 0; i < 10; i++)
            pacing.Yielded(StraightBack);
        Assert.Equal(YieldPacing.Longest, pacing.Period);

        pacing.Yielded(YieldPacing.AnotherThreadRan);
        Assert.Equal(YieldPacing.Shortest, pacing.Period);

        pacing.Yielded(StraightBack);
        Assert.Equal(YieldPacing.Shortest * 2, pacing.Period);
    }
}

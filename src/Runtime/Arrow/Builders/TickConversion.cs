using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>Turns .NET ticks (100 ns) into counts of an Arrow time unit.</summary>
internal static class TickConversion
{
    /// <summary>
    /// Rounds toward negative infinity, so an instant before the epoch lands in the unit that
    /// contains it (an instant in 1969 at 0.5 s before midnight is -1 s, not 0).
    /// </summary>
    public static long FloorToUnit(long ticks, TimeUnit unit)
    {
        var perUnit = TicksPerUnit(unit);
        if (perUnit == 0)
            return ToNanoseconds(ticks);
        var quotient = Math.DivRem(ticks, perUnit, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Rounds toward zero, as <see cref="TimeSpan"/> does for its own parts: -1.5 s is -1 s.</summary>
    public static long TruncateToUnit(long ticks, TimeUnit unit)
    {
        var perUnit = TicksPerUnit(unit);
        return perUnit == 0 ? ToNanoseconds(ticks) : ticks / perUnit;
    }

    private static long TicksPerUnit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => TimeSpan.TicksPerMicrosecond,
        _ => 0,
    };

    private static long ToNanoseconds(long ticks)
    {
        const long maxTicks = long.MaxValue / 100;
        if (ticks is > maxTicks or < -maxTicks)
            throw new ArgumentOutOfRangeException("value", "The value is more than the ±292 years from 1970 that 64-bit nanoseconds hold.");
        return ticks * 100;
    }
}

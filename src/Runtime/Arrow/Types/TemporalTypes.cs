namespace Quiver.Arrow.Types;

/// <summary>Days (32-bit) or milliseconds (64-bit) since the UNIX epoch.</summary>
public sealed record DateType(DateUnit Unit) : ArrowType
{
    public static readonly DateType Date32 = new(DateUnit.Day);
    public static readonly DateType Date64 = new(DateUnit.Millisecond);

    public override ArrowTypeId Id => ArrowTypeId.Date;
    public override int BufferCount => 2;
    public override long FixedBitWidth => Unit == DateUnit.Day ? 32 : 64;
    public override string ToString() => Unit == DateUnit.Day ? "date32[day]" : "date64[ms]";
}

/// <summary>Time of day: 32-bit for seconds and milliseconds, 64-bit for micro- and nanoseconds, as the spec requires.</summary>
public sealed record TimeType : ArrowType
{
    public TimeType(TimeUnit unit, int bitWidth)
    {
        var expected = unit is TimeUnit.Second or TimeUnit.Millisecond ? 32 : 64;
        if (bitWidth != expected)
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, $"A time in {unit}s is {expected} bits wide.");
        Unit = unit;
        BitWidth = bitWidth;
    }

    public TimeUnit Unit { get; }
    public int BitWidth { get; }
    public override ArrowTypeId Id => ArrowTypeId.Time;
    public override int BufferCount => 2;
    public override long FixedBitWidth => BitWidth;
    public override string ToString() => $"time{BitWidth}[{TimeUnits.Abbreviation(Unit)}]";
}

/// <summary>A 64-bit count of <see cref="Unit"/> since the UNIX epoch; with a time zone it is an instant, without one a wall-clock time.</summary>
public sealed record TimestampType(TimeUnit Unit, string? TimeZone = null) : ArrowType
{
    public override ArrowTypeId Id => ArrowTypeId.Timestamp;
    public override int BufferCount => 2;
    public override long FixedBitWidth => 64;
    public override string ToString() => TimeZone is null
        ? $"timestamp[{TimeUnits.Abbreviation(Unit)}]"
        : $"timestamp[{TimeUnits.Abbreviation(Unit)}, tz={TimeZone}]";
}

public sealed record DurationType(TimeUnit Unit) : ArrowType
{
    public override ArrowTypeId Id => ArrowTypeId.Duration;
    public override int BufferCount => 2;
    public override long FixedBitWidth => 64;
    public override string ToString() => $"duration[{TimeUnits.Abbreviation(Unit)}]";
}

public static class TimeUnits
{
    public static string Abbreviation(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };

    /// <summary>How many units make one second.</summary>
    public static long PerSecond(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1,
        TimeUnit.Millisecond => 1_000,
        TimeUnit.Microsecond => 1_000_000,
        _ => 1_000_000_000,
    };

    /// <summary>Converts a count of <paramref name="unit"/> to .NET ticks (100 ns), truncating nanoseconds toward zero.</summary>
    public static long ToTicks(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => checked(value * TimeSpan.TicksPerSecond),
        TimeUnit.Millisecond => checked(value * TimeSpan.TicksPerMillisecond),
        TimeUnit.Microsecond => checked(value * 10),
        _ => value / 100,
    };
}

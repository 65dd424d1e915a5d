using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>Timestamps as 64-bit counts of the type's unit since the UNIX epoch, raw or from a <see cref="DateTimeOffset"/>.</summary>
public sealed class TimestampColumnBuilder : PrimitiveColumnBuilder<long>
{
    internal TimestampColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public TimeUnit Unit => ((TimestampType)Type).Unit;

    /// <summary>Appends the instant (its UTC value; the type's time zone is metadata), rounded down to the unit.</summary>
    public void Append(DateTimeOffset value) =>
        Append(TickConversion.FloorToUnit(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, Unit));
}

/// <summary>Durations as 64-bit counts of the type's unit, raw or from a <see cref="TimeSpan"/>.</summary>
public sealed class DurationColumnBuilder : PrimitiveColumnBuilder<long>
{
    internal DurationColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public TimeUnit Unit => ((DurationType)Type).Unit;

    /// <summary>Appends the duration, truncated toward zero to the unit.</summary>
    public void Append(TimeSpan value) => Append(TickConversion.TruncateToUnit(value.Ticks, Unit));
}

/// <summary>Days since the UNIX epoch (date32).</summary>
public sealed class Date32ColumnBuilder : PrimitiveColumnBuilder<int>
{
    internal Date32ColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public void Append(DateOnly value) => Append(value.DayNumber - UnixEpochDay);

    internal static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
}

/// <summary>Milliseconds since the UNIX epoch (date64); the format expects whole days.</summary>
public sealed class Date64ColumnBuilder : PrimitiveColumnBuilder<long>
{
    internal Date64ColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public void Append(DateOnly value) => Append((value.DayNumber - (long)Date32ColumnBuilder.UnixEpochDay) * 86_400_000L);
}

/// <summary>Time of day in seconds or milliseconds (time32).</summary>
public sealed class Time32ColumnBuilder : PrimitiveColumnBuilder<int>
{
    internal Time32ColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public TimeUnit Unit => ((TimeType)Type).Unit;

    /// <summary>Appends a time of day in [0, 24 h), truncated to the unit.</summary>
    public void Append(TimeSpan timeOfDay) => Append((int)TickConversion.TruncateToUnit(TimeOfDay.Check(timeOfDay), Unit));
}

/// <summary>Time of day in microseconds or nanoseconds (time64).</summary>
public sealed class Time64ColumnBuilder : PrimitiveColumnBuilder<long>
{
    internal Time64ColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public TimeUnit Unit => ((TimeType)Type).Unit;

    /// <summary>Appends a time of day in [0, 24 h), truncated to the unit.</summary>
    public void Append(TimeSpan timeOfDay) => Append(TickConversion.TruncateToUnit(TimeOfDay.Check(timeOfDay), Unit));
}

internal static class TimeOfDay
{
    public static long Check(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value >= TimeSpan.FromDays(1))
            throw new ArgumentOutOfRangeException(nameof(value), value, "A time of day lies in [0, 24 h).");
        return value.Ticks;
    }
}

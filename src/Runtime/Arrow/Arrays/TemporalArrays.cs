using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>Raw 64-bit counts of the type's unit since the epoch, with a <see cref="DateTimeOffset"/> accessor.</summary>
public sealed class TimestampArray(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((TimestampType)Type).Unit;

    /// <summary>The instant as UTC; nanoseconds are truncated to .NET's 100 ns ticks.</summary>
    public DateTimeOffset GetDateTimeOffset(int index)
    {
        var value = GetValue(index);
        try
        {
            return DateTimeOffset.UnixEpoch.AddTicks(TimeUnits.ToTicks(value, Unit));
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw TemporalRange.Exceeded(Type, value, nameof(DateTimeOffset), e);
        }
    }
}

public sealed class DurationArray(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((DurationType)Type).Unit;

    /// <summary>The duration; nanoseconds are truncated to .NET's 100 ns ticks.</summary>
    public TimeSpan GetTimeSpan(int index) => TemporalRange.ToTimeSpan(Type, GetValue(index), Unit);
}

/// <summary>Days since the epoch.</summary>
public sealed class Date32Array(ArrayData data) : PrimitiveArray<int>(data)
{
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public DateOnly GetDate(int index)
    {
        var value = GetValue(index);
        try
        {
            return DateOnly.FromDayNumber(checked(EpochDayNumber + value));
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw TemporalRange.Exceeded(Type, value, nameof(DateOnly), e);
        }
    }
}

/// <summary>Milliseconds since the epoch (the spec asks for whole days, but does not forbid others).</summary>
public sealed class Date64Array(ArrayData data) : PrimitiveArray<long>(data)
{
    public DateTime GetDateTime(int index)
    {
        var value = GetValue(index);
        try
        {
            return DateTime.UnixEpoch.AddMilliseconds(value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw TemporalRange.Exceeded(Type, value, nameof(DateTime), e);
        }
    }
}

/// <summary>Time of day in seconds or milliseconds.</summary>
public sealed class Time32Array(ArrayData data) : PrimitiveArray<int>(data)
{
    public TimeUnit Unit => ((TimeType)Type).Unit;
    public TimeSpan GetTime(int index) => TemporalRange.ToTimeSpan(Type, GetValue(index), Unit);
}

/// <summary>Time of day in microseconds or nanoseconds.</summary>
public sealed class Time64Array(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((TimeType)Type).Unit;
    public TimeSpan GetTime(int index) => TemporalRange.ToTimeSpan(Type, GetValue(index), Unit);
}

/// <summary>
/// A peer may send any 64-bit count, but .NET's date and time types span less; such a value is
/// refused as bad input instead of surfacing as an arithmetic exception.
/// </summary>
internal static class TemporalRange
{
    public static TimeSpan ToTimeSpan(ArrowType type, long value, TimeUnit unit)
    {
        try
        {
            return TimeSpan.FromTicks(TimeUnits.ToTicks(value, unit));
        }
        catch (OverflowException e)
        {
            throw Exceeded(type, value, nameof(TimeSpan), e);
        }
    }

    public static ArrowFormatException Exceeded(ArrowType type, long value, string dotNetType, Exception inner) =>
        new($"The {type} value {value} is outside the range of .NET's {dotNetType}.", inner);
}

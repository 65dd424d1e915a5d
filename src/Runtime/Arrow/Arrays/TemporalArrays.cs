using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>Raw 64-bit counts of the type's unit since the epoch, with a <see cref="DateTimeOffset"/> accessor.</summary>
public sealed class TimestampArray(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((TimestampType)Type).Unit;

    /// <summary>The instant as UTC; nanoseconds are truncated to .NET's 100 ns ticks.</summary>
    public DateTimeOffset GetDateTimeOffset(int index) =>
        DateTimeOffset.UnixEpoch.AddTicks(TimeUnits.ToTicks(GetValue(index), Unit));
}

public sealed class DurationArray(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((DurationType)Type).Unit;

    /// <summary>The duration; nanoseconds are truncated to .NET's 100 ns ticks.</summary>
    public TimeSpan GetTimeSpan(int index) => TimeSpan.FromTicks(TimeUnits.ToTicks(GetValue(index), Unit));
}

/// <summary>Days since the epoch.</summary>
public sealed class Date32Array(ArrayData data) : PrimitiveArray<int>(data)
{
    public DateOnly GetDate(int index) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + GetValue(index));
}

/// <summary>Milliseconds since the epoch (the spec asks for whole days, but does not forbid others).</summary>
public sealed class Date64Array(ArrayData data) : PrimitiveArray<long>(data)
{
    public DateTime GetDateTime(int index) => DateTime.UnixEpoch.AddMilliseconds(GetValue(index));
}

/// <summary>Time of day in seconds or milliseconds.</summary>
public sealed class Time32Array(ArrayData data) : PrimitiveArray<int>(data)
{
    public TimeUnit Unit => ((TimeType)Type).Unit;
    public TimeSpan GetTime(int index) => TimeSpan.FromTicks(TimeUnits.ToTicks(GetValue(index), Unit));
}

/// <summary>Time of day in microseconds or nanoseconds.</summary>
public sealed class Time64Array(ArrayData data) : PrimitiveArray<long>(data)
{
    public TimeUnit Unit => ((TimeType)Type).Unit;
    public TimeSpan GetTime(int index) => TimeSpan.FromTicks(TimeUnits.ToTicks(GetValue(index), Unit));
}

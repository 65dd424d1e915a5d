namespace Quiver.Recording;

/// <summary>The wall clock as the transport stamps samples: nanoseconds since the Unix epoch.</summary>
internal static class UnixClock
{
    public static long Nanoseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    public static DateTimeOffset ToTime(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
}

using System.Globalization;

namespace Quiver.BridgeTool;

/// <summary>Durations ("90s", "15m", "2h", "7d", "500ms") and points in time ("--since 10m" or an ISO 8601 time) as the command line takes them.</summary>
internal static class TimeArguments
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1)), ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)), ("d", TimeSpan.FromDays(1)),
    ];

    public static TimeSpan Duration(string option, string text)
    {
        foreach (var (unit, size) in Units.OrderByDescending(u => u.Unit.Length))
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double count)
                && count > 0 && count * size.TotalDays <= 3650)
                return size * count;
        }
        throw new ArgumentException($"{option} takes a positive duration such as 90s, 15m, 2h or 7d (at most ten years); '{text}' is not one.");
    }

    /// <summary>A duration means that long before <paramref name="now"/>; otherwise an ISO 8601 time (with an offset, or taken as UTC).</summary>
    public static DateTimeOffset Since(string text, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && text.Contains('-'))
            return time;
        try
        {
            return now - Duration("--since", text);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"--since takes a duration before now (90s, 15m, 2h, 7d) or a time (2026-12-04T21:00:00Z); '{text}' is neither.");
        }
    }
}

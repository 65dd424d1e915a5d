using System.Globalization;
using System.Text.RegularExpressions;

namespace Quiver.Cli;

/// <summary>
/// Durations as the command line takes them: a number with a unit (<c>500ms</c>, <c>90s</c>,
/// <c>15m</c>, <c>2h</c>, <c>7d</c>) or plain seconds; and points in time (<c>--since 10m</c> or an
/// ISO 8601 time).
/// </summary>
internal static partial class TimeArguments
{
    /// <summary>A duration above zero and at most <paramref name="longest"/>.</summary>
    public static bool TryParseDuration(string text, TimeSpan longest, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return false;
        var seconds = number * match.Groups["unit"].Value switch
        {
            "ms" => 0.001,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            _ => 1,
        };
        if (seconds <= 0 || seconds > longest.TotalSeconds)
            return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>A duration for a retention setting, up to ten years; throws <see cref="ArgumentException"/> naming <paramref name="option"/>.</summary>
    public static TimeSpan Duration(string option, string text) =>
        TryParseDuration(text, TimeSpan.FromDays(3650), out var duration)
            ? duration
            : throw new ArgumentException($"{option} takes a positive duration such as 90s, 15m, 2h or 7d (at most ten years); '{text}' is not one.");

    /// <summary>A duration means that long before <paramref name="now"/>; otherwise an ISO 8601 time (with an offset, or taken as UTC).</summary>
    public static DateTimeOffset Since(string text, DateTimeOffset now)
    {
        if (text.Contains('-') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        if (TryParseDuration(text, TimeSpan.FromDays(3650), out var ago))
            return now - ago;
        throw new ArgumentException($"--since takes a duration before now (90s, 15m, 2h, 7d) or a time (2026-12-04T21:00:00Z); '{text}' is neither.");
    }

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)?$")]
    private static partial Regex DurationPattern();
}

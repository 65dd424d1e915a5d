using System.Globalization;
using System.Text.RegularExpressions;

namespace Quiver.Cli.Sql;

/// <summary>The <c>--live</c> window: a number with a unit (<c>500ms</c>, <c>5s</c>, <c>2m</c>), or plain seconds.</summary>
internal static partial class LiveDuration
{
    // Long enough for any capture someone means to run; short enough that a typo (5000m) is caught.
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public const string Expected = "--live takes a duration such as 500ms, 5s or 2m (more than 0, at most 1h).";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return false;
        var seconds = match.Groups["unit"].Value switch
        {
            "ms" => number / 1000,
            "m" => number * 60,
            "h" => number * 3600,
            _ => number,
        };
        if (seconds <= 0 || seconds > Longest.TotalSeconds)
            return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)(?<unit>ms|s|m|h)?$")]
    private static partial Regex Pattern();
}

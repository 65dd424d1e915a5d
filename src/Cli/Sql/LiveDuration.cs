namespace Quiver.Cli.Sql;

/// <summary>The <c>--live</c> window: a number with a unit (<c>500ms</c>, <c>5s</c>, <c>2m</c>), or plain seconds.</summary>
internal static class LiveDuration
{
    // Long enough for any capture someone means to run; short enough that a typo (5000m) is caught.
    private static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public const string Expected = "--live takes a duration such as 500ms, 5s or 2m (more than 0, at most 1h).";

    public static bool TryParse(string text, out TimeSpan duration) => TimeArguments.TryParseDuration(text, Longest, out duration);
}

namespace Quiver.Cli.Tests;

/// <summary>Durations and points in time as the bridge's reliable options and sql --live take them.</summary>
public class TimeArgumentsTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604800)]
    public void Durations_take_a_unit_or_plain_seconds(string text, double seconds)
    {
        Assert.True(TimeArguments.TryParseDuration(text, TimeSpan.FromDays(30), out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("5 parsecs")]
    [InlineData("31d")]
    [InlineData("")]
    public void Zero_negative_unknown_and_too_long_durations_are_refused(string text) =>
        Assert.False(TimeArguments.TryParseDuration(text, TimeSpan.FromDays(30), out _));

    [Fact]
    public void Since_is_a_duration_before_now_or_a_time()
    {
        var now = new DateTimeOffset(2026, 12, 4, 22, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(-10), TimeArguments.Since("10m", now));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero), TimeArguments.Since("2026-12-04T21:00:00Z", now));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero), TimeArguments.Since("2026-12-04T21:00:00", now));
        Assert.Throws<ArgumentException>(() => TimeArguments.Since("yesterday", now));
    }
}

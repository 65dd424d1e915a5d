using System.CommandLine;
using Quiver.Transport;

namespace Quiver.Cli.Live;

/// <summary>
/// What <c>quiver hz</c> and <c>quiver bw</c> share: their options, and the loop that joins the
/// topic, releases each sample on arrival, and prints a report over the window every interval
/// until <c>--count</c> samples, <c>--duration</c> seconds, the publisher's leaving or Ctrl+C.
/// </summary>
internal sealed class ArrivalMonitor
{
    private static readonly TimeSpan ReceiveSlice = TimeSpan.FromMilliseconds(250);

    private readonly Argument<string> _topic = LiveTopic.TopicArgument();
    private readonly Option<int> _window = PositiveInt("--window", "Report over the last N samples", 1000, "N");
    private readonly Option<double> _interval = new("--interval") { Description = "Seconds between reports", DefaultValueFactory = _ => 1.0, HelpName = "seconds" };
    private readonly Option<int?> _count = new("--count") { Description = "Stop after N samples (then print a last report)", HelpName = "N" };
    private readonly Option<double?> _duration = new("--duration") { Description = "Stop after this many seconds (then print a last report)", HelpName = "seconds" };
    private readonly Option<bool> _json = new("--json") { Description = "Print each report as a JSON line, for scripts" };
    private readonly Option<double?> _wait = LiveTopic.WaitOption();

    /// <summary>Makes the command, showing each report as <paramref name="view"/> says (--json prints every field).</summary>
    public static Command Create(string name, string description, ArrivalView view, params string[] examples)
    {
        var monitor = new ArrivalMonitor();
        monitor._interval.Validators.Add(result => PositiveSeconds(result, "--interval"));
        monitor._duration.Validators.Add(result => PositiveSeconds(result, "--duration"));
        monitor._count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--count is a number of samples, 1 or more.");
        });
        var command = new Command(name, description)
        {
            monitor._topic, monitor._window, monitor._interval, monitor._count, monitor._duration, monitor._json, monitor._wait,
        };
        command.SetAction((parsed, cancellation) => Task.Run(() => monitor.Run(parsed, view, cancellation), CancellationToken.None));
        return command.WithExamples(examples);
    }

    private int Run(ParseResult parsed, ArrivalView view, CancellationToken cancellation)
    {
        var errors = parsed.InvocationConfiguration.Error;
        var topic = parsed.GetRequiredValue(_topic);
        using var subscriber = LiveTopic.InRuntimeDirectory(() => LiveTopic.Connect(topic, LiveTopic.WaitTime(parsed, _wait), errors, cancellation));
        return ArrivalDisplay.Run(parsed.InvocationConfiguration.Output, parsed.GetValue(_json), topic, view,
            show => Measure(parsed, subscriber, show, cancellation));
    }

    /// <summary>Receives until a stop condition, calling <paramref name="show"/> every interval and once at the end.</summary>
    private int Measure(ParseResult parsed, Subscriber subscriber, Action<ArrivalReport?, long> show, CancellationToken cancellation)
    {
        var errors = parsed.InvocationConfiguration.Error;
        var topic = subscriber.Topic;
        var count = parsed.GetValue(_count);
        var interval = TimeSpan.FromSeconds(parsed.GetValue(_interval));
        var stopAt = parsed.GetValue(_duration) is { } seconds ? DateTime.UtcNow + TimeSpan.FromSeconds(seconds) : DateTime.MaxValue;
        var window = new ArrivalWindow(parsed.GetValue(_window));
        var nextReport = DateTime.UtcNow + interval;
        void Report() => show(window.Report(), window.Total);
        while (true)
        {
            if (cancellation.IsCancellationRequested)
                return ExitCodes.Interrupted;
            var now = DateTime.UtcNow;
            if (now >= stopAt)
                break;
            if (now >= nextReport)
            {
                Report();
                nextReport = now + interval;
            }
            ReceivedSample? sample;
            try
            {
                sample = subscriber.Receive(Min(ReceiveSlice, nextReport - now, stopAt - now));
            }
            catch (TimeoutException)
            {
                continue;
            }
            if (sample is null)
            {
                errors.WriteLine($"quiver: the publisher of '{topic}' left after {window.Total} sample(s).");
                break;
            }
            window.Add(UnixNanoseconds(), sample.TimestampNanoseconds, sample.Length);
            sample.Dispose();
            if (window.Total == count)
                break;
        }
        Report();
        return ExitCodes.Success;
    }

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c)
    {
        var least = a < b ? a : b;
        least = least < c ? least : c;
        return least < TimeSpan.Zero ? TimeSpan.Zero : least;
    }

    private static Option<int> PositiveInt(string name, string description, int defaultValue, string helpName)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 2 or > 1_000_000)
                result.AddError($"{name} is from 2 to 1000000.");
        });
        return option;
    }

    private static void PositiveSeconds(System.CommandLine.Parsing.OptionResult result, string name)
    {
        if (result.GetValueOrDefault<double?>() is { } seconds && !(seconds > 0 && seconds <= 86400))
            result.AddError($"{name} is a number of seconds above 0 and at most 86400.");
    }
}

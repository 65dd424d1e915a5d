using System.CommandLine;
using System.Net.Sockets;
using Quiver.Transport;

namespace Quiver.Cli.Live;

/// <summary>
/// Joining a live topic from a command: the shared <c>--wait</c> option, and the one place that
/// turns "no publisher" and "refused" into <see cref="CommandFailure"/>s that name the runtime
/// directory and the fix.
/// </summary>
internal static class LiveTopic
{
    // Connect attempts are this long, so Ctrl+C ends a long --wait promptly.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(250);

    public static Argument<string> TopicArgument()
    {
        // A help name of its own: without one, help shows the completions (the live topics) in its place.
        var topic = new Argument<string>("topic") { Description = "The topic's name, as 'quiver topics' lists it", HelpName = "topic" };
        topic.CompletionSources.Add(_ => TopicNames());
        return topic;
    }

    /// <summary>
    /// The topics of the runtime directory, for shell completion (docs/cli.md); none when the
    /// directory does not exist (completing a word creates nothing) or cannot be used, since
    /// completing a word must never fail.
    /// </summary>
    public static IEnumerable<string> TopicNames()
    {
        try
        {
            return Directory.Exists(RuntimeDirectory.Path) ? RuntimeDirectory.Topics() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return [];
        }
    }

    /// <summary><c>--wait</c> alone waits until a publisher appears; <c>--wait 5</c> waits up to 5 seconds.</summary>
    public static Option<double?> WaitOption() => new("--wait")
    {
        Description = "Wait for a publisher of the topic instead of failing at once: alone until one appears (Ctrl+C stops), or up to the given seconds",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "seconds",
    };

    /// <summary>How long to wait for a publisher: zero without <c>--wait</c>, infinite for <c>--wait</c> alone.</summary>
    public static TimeSpan WaitTime(ParseResult parsed, Option<double?> wait)
    {
        if (parsed.GetResult(wait) is null)
            return TimeSpan.Zero;
        return parsed.GetValue(wait) is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
    }

    public static SubscriberOptions Options(TextWriter errors, NotificationPath? notification = null) => new()
    {
        Log = (level, message) =>
        {
            if (level >= TransportLogLevel.Warning)
                errors.WriteLine($"quiver: {level.ToString().ToLowerInvariant()}: {message}");
        },
        Notification = notification ?? new SubscriberOptions().Notification,
    };

    /// <summary>Joins <paramref name="topic"/> as a subscriber to whatever type it carries, waiting for its publisher up to <paramref name="wait"/>.</summary>
    public static Subscriber Connect(string topic, TimeSpan wait, TextWriter errors, CancellationToken cancellation) =>
        Connect(topic, wait, errors, cancellation, Subscriber.ConnectToAnyType, refusalHint: "");

    /// <summary>
    /// Joins <paramref name="topic"/> and reads its announced schema, for commands that decode the
    /// samples. One connection only: a publisher that waits for a subscriber starts sending to it.
    /// </summary>
    public static UntypedSubscriber ConnectUntyped(string topic, TimeSpan wait, TextWriter errors, CancellationToken cancellation) =>
        Connect(topic, wait, errors, cancellation, Topic.SubscribeUntyped,
            refusalHint: " 'quiver echo' decodes Arrow record batches only; 'quiver hz' and 'quiver bw' measure any topic.");

    private static T Connect<T>(string topic, TimeSpan wait, TextWriter errors, CancellationToken cancellation,
        Func<string, SubscriberOptions, T> connect, string refusalHint)
    {
        CheckName(topic);
        var options = Options(errors);
        var told = false;
        var deadline = wait == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + wait;
        while (true)
        {
            var slice = wait == TimeSpan.Zero ? TimeSpan.Zero : Min(WaitSlice, deadline - DateTime.UtcNow);
            try
            {
                return connect(topic, options with { WaitForPublisher = slice < TimeSpan.Zero ? TimeSpan.Zero : slice });
            }
            catch (TopicUnavailableException e) when (IsNoPublisher(e) && DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested)
            {
                // Said once, on standard error, so a user (or a script reading the output) knows it is waiting, not hung.
                if (!told)
                    errors.WriteLine($"quiver: waiting for a publisher of '{topic}' in {RuntimeDirectory.Path} (Ctrl+C stops)");
                told = true;
            }
            catch (TopicUnavailableException e) when (IsNoPublisher(e))
            {
                if (cancellation.IsCancellationRequested)
                    throw new OperationCanceledException(cancellation);
                throw NotFound(topic, e, wait);
            }
            catch (TopicUnavailableException e)
            {
                throw new CommandFailure(ExitCodes.ConnectionFailed, $"{e.Message} (runtime directory {RuntimeDirectory.Path}){refusalHint}", e);
            }
        }
    }

    /// <summary>True when the topic has no publisher: no socket, or the socket of one that died (connection refused).</summary>
    public static bool IsNoPublisher(TopicUnavailableException e) => e.InnerException is SocketException;

    /// <summary>True when the socket file is there but nothing listens on it: its publisher died.</summary>
    public static bool IsStale(TopicUnavailableException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    /// <summary>Runs <paramref name="read"/> on the runtime directory; a directory the runtime refuses becomes a <see cref="CommandFailure"/>.</summary>
    public static T InRuntimeDirectory<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CommandFailure(ExitCodes.RuntimeDirectoryUnusable, $"{e.Message} Fix its owner and mode (0700), or point {RuntimeDirectory.OverrideVariable} at another directory.", e);
        }
    }

    public static void CheckName(string topic)
    {
        try
        {
            TopicName.Validate(topic);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailure(ExitCodes.UsageError, $"'{topic}' is not a topic name: {e.Message}", e);
        }
    }

    private static CommandFailure NotFound(string topic, TopicUnavailableException e, TimeSpan waited)
    {
        var why = IsStale(e) ? "its socket is left from a publisher that is gone" : "no publisher is running";
        var after = waited > TimeSpan.Zero && waited != Timeout.InfiniteTimeSpan ? $" after waiting {waited.TotalSeconds:0.###} s" : "";
        return new CommandFailure(ExitCodes.TopicNotFound,
            $"topic '{topic}' has no live publisher in the runtime directory {RuntimeDirectory.Path}{after} ({why}). " +
            $"See the live topics with 'quiver topics', wait for a publisher with --wait, or set {RuntimeDirectory.OverrideVariable} to the publisher's runtime directory.", e);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

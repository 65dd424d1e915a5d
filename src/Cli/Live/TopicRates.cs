using Quiver.Transport;

namespace Quiver.Cli.Live;

/// <summary>Messages/s and bytes/s of a topic, counted as a subscriber over a short window; each sample is released on arrival.</summary>
internal static class TopicRates
{
    public readonly record struct Rates(double MessagesPerSecond, double BytesPerSecond);

    /// <summary>Measures every topic at once, so the listing takes one window, not one per topic. A topic that cannot be joined gets null.</summary>
    public static IReadOnlyDictionary<string, Rates?> Measure(IEnumerable<string> topics, TimeSpan window, SubscriberOptions options, CancellationToken cancellation)
    {
        var measuring = topics.ToDictionary(topic => topic, topic => Task.Run(() => MeasureOne(topic, window, options, cancellation)));
        return measuring.ToDictionary(pair => pair.Key, pair => pair.Value.GetAwaiter().GetResult());
    }

    private static Rates? MeasureOne(string topic, TimeSpan window, SubscriberOptions options, CancellationToken cancellation)
    {
        Subscriber subscriber;
        try
        {
            subscriber = Subscriber.ConnectToAnyType(topic, options);
        }
        catch (TopicUnavailableException)
        {
            return null;
        }
        using (subscriber)
        {
            long messages = 0, bytes = 0;
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (started.Elapsed < window && !cancellation.IsCancellationRequested)
            {
                ReceivedSample? sample;
                try
                {
                    sample = subscriber.Receive(window - started.Elapsed);
                }
                catch (TimeoutException)
                {
                    break;
                }
                if (sample is null)
                    break;
                messages++;
                bytes += sample.Length;
                sample.Dispose();
            }
            var seconds = started.Elapsed.TotalSeconds;
            return new Rates(messages / seconds, bytes / seconds);
        }
    }
}

using Quiver.Transport;

namespace Quiver.Cli.Live;

/// <summary>
/// Describes a topic by joining it for a moment as a subscriber to any type: the publisher's
/// handshake carries its pid (SO_PEERCRED), message type, fingerprint, schema and queue depth.
/// Samples that arrive meanwhile are released unread when the probe leaves.
/// </summary>
internal static class TopicProbe
{
    /// <summary>The topic as its publisher describes it; null when its socket vanished meanwhile (the publisher left cleanly).</summary>
    public static TopicDescription? Describe(string topic, SubscriberOptions options)
    {
        try
        {
            using var subscriber = Subscriber.ConnectToAnyType(topic, options);
            return Describe(subscriber);
        }
        catch (TopicUnavailableException e) when (LiveTopic.IsStale(e))
        {
            return new TopicDescription(topic, TopicState.Stale, Problem: "its publisher is gone; the next publisher of the topic replaces the socket");
        }
        catch (TopicUnavailableException e) when (LiveTopic.IsNoPublisher(e))
        {
            return null;
        }
        catch (TopicUnavailableException e)
        {
            return new TopicDescription(topic, TopicState.Refused, Problem: e.Message);
        }
    }

    /// <summary>The topic as the publisher <paramref name="subscriber"/> has joined describes it.</summary>
    public static TopicDescription Describe(Subscriber subscriber)
    {
        // Counted while joined: the publisher has accepted this connection, so exactly one of them is the probe's.
        var connections = AcceptedConnections.Count(RuntimeDirectory.SocketPath(subscriber.Topic));
        return new TopicDescription(subscriber.Topic, TopicState.Live, subscriber.PublisherMessageType, subscriber.PublisherFingerprint,
            subscriber.PublisherProcessId, subscriber.PublisherQueueDepth, subscriber.Notification, subscriber.PublisherSchema,
            connections is { } count ? Math.Max(0, count - 1) : null);
    }
}

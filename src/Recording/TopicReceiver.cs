using System.Buffers;
using System.Collections.Concurrent;
using Quiver.Transport;

namespace Quiver.Recording;

/// <summary>
/// The receiving half of a topic's recording: a subscriber to any message type that copies each
/// sample into the recorder's own queue and releases it at once, so the publisher never waits on
/// the recorder. Sequence gaps are samples the publisher skipped for it; a full queue drops the
/// sample here. When the publisher leaves, it waits for the next one of the topic.
/// </summary>
internal sealed class TopicReceiver
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly BlockingCollection<QueuedItem> _queue;
    private readonly RecorderOptions _options;
    private readonly Thread _thread;
    private Subscriber? _subscriber;
    private long _queuedBytes;
    private long _skipped;
    private long _dropped;
    private volatile bool _stopping;

    public TopicReceiver(string topic, BlockingCollection<QueuedItem> queue, RecorderOptions options)
    {
        Topic = topic;
        _queue = queue;
        _options = options;
        _thread = new Thread(Run) { IsBackground = true, Name = $"quiver record {topic}" };
    }

    public string Topic { get; }
    public long SkippedByPublisher => Interlocked.Read(ref _skipped);
    public long DroppedByRecorder => Interlocked.Read(ref _dropped);

    /// <summary>Connects (waiting as the options say; throws <see cref="TopicUnavailableException"/>) and starts receiving.</summary>
    public void Start()
    {
        _subscriber = _options.Connect is { } connect ? Announce(connect(Topic)) : Connect(_options.WaitForPublisher);
        _thread.Start();
    }

    /// <summary>Called by the writer once it has written a sample's bytes.</summary>
    public void Written(int length) => Interlocked.Add(ref _queuedBytes, -length);

    /// <summary>Stops receiving; the queue is completed once the thread has left.</summary>
    public void Stop()
    {
        _stopping = true;
        _thread.Join();
    }

    private Subscriber Connect(TimeSpan wait) =>
        Announce(Subscriber.ConnectToAnyType(Topic, new SubscriberOptions { WaitForPublisher = wait, Log = _options.Log }));

    /// <summary>Tells the writer which contract the samples of <paramref name="subscriber"/> have.</summary>
    private Subscriber Announce(Subscriber subscriber)
    {
        _queue.Add(new Connected(subscriber.PublisherMessageType, subscriber.PublisherFingerprint, subscriber.PublisherSchema.ToArray()));
        return subscriber;
    }

    private void Run()
    {
        var subscriber = _subscriber;
        try
        {
            while (!_stopping && subscriber is not null)
            {
                using (subscriber)
                    ReceiveUntilEnd(subscriber);
                subscriber = _stopping ? null : Reconnect();
            }
        }
        finally
        {
            // One the loop never took is closed here: stopped before the thread got going (a join
            // refused at once), or stopped just after a reconnect.
            subscriber?.Dispose();
            _queue.CompleteAdding();
        }
    }

    private Subscriber? Reconnect()
    {
        while (!_stopping)
        {
            try
            {
                return Connect(Poll);
            }
            catch (TopicUnavailableException)
            {
                // No publisher yet: keep waiting until the recording stops.
            }
        }
        return null;
    }

    private void ReceiveUntilEnd(Subscriber subscriber)
    {
        ulong last = 0;
        while (!_stopping)
        {
            ReceivedSample? sample;
            try
            {
                sample = subscriber.Receive(Poll);
            }
            catch (TimeoutException)
            {
                continue;
            }
            if (sample is null)
                return;
            Take(sample, ref last);
        }
        // Samples already delivered when the recording stops were published before it: keep them too.
        while (subscriber.TryReceive(out var delivered))
            Take(delivered, ref last);
    }

    private void Take(ReceivedSample sample, ref ulong last)
    {
        using (sample)
        {
            if (last != 0 && sample.Sequence > last + 1)
                Interlocked.Add(ref _skipped, (long)(sample.Sequence - last - 1));
            last = sample.Sequence;
            Enqueue(sample);
        }
    }

    private void Enqueue(ReceivedSample sample)
    {
        var received = UnixClock.Nanoseconds();
        if (_queue.Count >= _options.QueueDepth || Interlocked.Read(ref _queuedBytes) + sample.Length > _options.QueueBytes)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(sample.Length);
        sample.Span.CopyTo(buffer);
        Interlocked.Add(ref _queuedBytes, sample.Length);
        _queue.Add(new CopiedSample(buffer, sample.Length, sample.Sequence, sample.TimestampNanoseconds, received));
    }
}

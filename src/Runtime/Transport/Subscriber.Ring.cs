using Quiver.Transport.Ring;

namespace Quiver.Transport;

/// <summary>The ring path of <see cref="Subscriber"/>: the receiving thread pops the sample ring itself.</summary>
public sealed partial class Subscriber
{
    private readonly RingReceiver? _ring;

    /// <summary>Threads of this subscriber that announced they sleep on the ring (0 on the socket path); lets tests know a receiver is asleep.</summary>
    internal unsafe int RingSleepers => _ring is { } ring && ring.Channel.TryRetain() ? SleepersOf(ring.Channel, drops: false) : 0;

    /// <summary>Non-zero while the publisher's drop pump asks to be woken on each release (0 on the socket path); for tests.</summary>
    internal unsafe int DropSleepers => _ring is { } ring && ring.Channel.TryRetain() ? SleepersOf(ring.Channel, drops: true) : 0;

    private static unsafe int SleepersOf(NotificationChannel channel, bool drops)
    {
        try
        {
            return (int)Volatile.Read(ref *(drops ? channel.DropSleepers : channel.SampleSleepers));
        }
        finally
        {
            channel.Release();
        }
    }

    private SampleTake TakeFromRing(TimeSpan timeout, out SampleHandle sample, CancellationToken cancellation)
    {
        var ring = _ring!;
        sample = default;
        // The reference keeps the channel mapped while this thread spins or sleeps on it.
        if (!ring.Channel.TryRetain())
            return SampleTake.Ended;
        try
        {
            using var wake = cancellation.CanBeCanceled
                ? cancellation.UnsafeRegister(static state => ((RingReceiver)state!).Reader.WakeSleepers(), ring)
                : default;
            var deadline = Deadline.After(timeout);
            bool spun = false;
            while (true)
            {
                var take = PopRing(ring, out sample);
                if (take != SampleTake.TimedOut)
                    return take;
                var left = deadline.Remaining;
                if (left == TimeSpan.Zero)
                    return SampleTake.TimedOut;
                cancellation.ThrowIfCancellationRequested();
                if (!spun)
                {
                    spun = true;
                    var budget = left == Timeout.InfiniteTimeSpan || ring.Spin < left ? ring.Spin : left;
                    if (ring.Reader.SpinForEntry(budget, ref ring.Interrupted))
                        continue;
                }
                ring.Reader.Sleep(left, ref ring.Interrupted, cancellation);
            }
        }
        finally
        {
            ring.Channel.Release();
        }
    }

    /// <summary>One attempt under the take lock: a sample, TimedOut for an empty ring, or Ended.</summary>
    private SampleTake PopRing(RingReceiver ring, out SampleHandle sample)
    {
        sample = default;
        lock (ring.TakeLock)
        {
            // Read before the ring: entries pushed before the stream ended are still taken.
            bool ended = _ended;
            if (ring.Disposed || ring.Broken)
                return EndOfRing(ended);
            try
            {
                if (!ring.Reader.TryRead(out var entry))
                    return ended ? EndOfRing(ended) : SampleTake.TimedOut;
                sample = Resolve(entry, ring.SegmentPatience);
                return SampleTake.Sample;
            }
            catch (ProtocolException e)
            {
                ring.Broken = true;
                Fail(e);
                return EndOfRing(ended);
            }
        }
    }

    /// <summary>Under the take lock: the stream is over for takers; once the reader is done too, the segment table goes.</summary>
    private SampleTake EndOfRing(bool readerEnded)
    {
        if (readerEnded)
            _segments.ReleaseAll();
        ThrowIfFaulted();
        return SampleTake.Ended;
    }

    /// <summary>Validates a ring entry against the mapped segments (waiting, bounded, for one announced just before it) and retains its segment.</summary>
    private SampleHandle Resolve(in SampleFrame entry, TimeSpan patience)
    {
        CountDelivered(entry.Sequence);
        var segment = _segments.Find(entry.Segment, patience)
            ?? throw new ProtocolException($"Sample {entry.Sequence} names segment {entry.Segment}, which was not announced within {patience}.");
        if (entry.Offset > (ulong)segment.Length || entry.Length > (ulong)segment.Length - entry.Offset)
            throw new ProtocolException($"Sample {entry.Sequence} at [{entry.Offset}, +{entry.Length}) lies outside segment {entry.Segment} of {segment.Length} bytes.");
        // Cannot fail: the table keeps its reference until ReleaseAll, which runs under the take lock.
        segment.TryRetain();
        return new SampleHandle(entry.Sequence, entry.Timestamp, segment, (int)entry.Offset, (int)entry.Length);
    }

    /// <summary>The subscriber's state for the ring path. Takers hold <see cref="TakeLock"/> to pop; sleeping happens outside it.</summary>
    private sealed class RingReceiver(NotificationChannel channel, TimeSpan spin, TimeSpan segmentPatience)
    {
        public NotificationChannel Channel { get; } = channel;
        public SampleRingReader Reader { get; } = new(channel);
        public DropRingWriter Drops { get; } = new(channel);
        public object TakeLock { get; } = new();
        public TimeSpan Spin { get; } = spin;
        public TimeSpan SegmentPatience { get; } = segmentPatience;

        /// <summary>Non-zero once the stream ended or the subscriber is disposed; setters signal the sample word.</summary>
        public int Interrupted;

        private RingAsyncWaiter? _asyncWaiter;

        /// <summary>Made on first use; its thread only when an async reader first has to wait.</summary>
        public RingAsyncWaiter AsyncWaiter =>
            Volatile.Read(ref _asyncWaiter) ?? Interlocked.CompareExchange(ref _asyncWaiter, new RingAsyncWaiter(this), null) ?? _asyncWaiter!;

        public bool Disposed { get; private set; }
        public bool Broken { get; set; }

        public bool IsDrained
        {
            get
            {
                if (Broken || !Channel.TryRetain())
                    return true;
                try
                {
                    return !Reader.HasEntry;
                }
                finally
                {
                    Channel.Release();
                }
            }
        }

        /// <summary>Wakes every taker sleeping on the ring, for good.</summary>
        public void Interrupt()
        {
            Volatile.Write(ref Interrupted, 1);
            Reader.WakeSleepers();
            Volatile.Read(ref _asyncWaiter)?.Stop();
        }

        public void Dispose(ReceivedSegments segments)
        {
            lock (TakeLock)
            {
                Disposed = true;
                segments.ReleaseAll();
            }
            Interrupt();
            // So the channel is unmapped when Dispose returns: the waiter thread holds a reference.
            Volatile.Read(ref _asyncWaiter)?.Join(TimeSpan.FromSeconds(5));
            Channel.Release();
        }
    }
}

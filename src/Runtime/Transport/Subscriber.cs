using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using Quiver.Messages;
using Quiver.SharedMemory;
using Quiver.Transport.Ring;

namespace Quiver.Transport;

/// <summary>
/// The receiving end of a topic: connects to the publisher, maps its segments read-only and
/// hands out each sample as a <see cref="ReceivedSample"/> over shared memory. Samples sent
/// before it joined are not seen. When the publisher leaves (goodbye, crash) the stream ends
/// after the samples already received; samples still held stay valid.
/// Samples arrive either through the shared-memory notification ring, which the receiving thread
/// pops itself, or as socket frames queued by the reader thread (docs/transport.md, "Notification paths").
/// </summary>
public sealed partial class Subscriber : IDisposable, IAsyncDisposable
{
    private const int MaxPendingDescriptors = 16;

    private readonly Socket _socket;
    private readonly object _writeLock = new();
    private readonly FrameBuffer _buffer;
    private readonly PublisherStreamDecoder _decoder;
    private readonly Queue<int> _descriptors;
    private readonly ReceivedSegments _segments = new();
    private readonly TransportLog _log;
    private readonly Thread _reader;
    private readonly int _publisherQueueDepth;
    // Socket path: one permit per queued sample plus one once the stream has ended; a taker that
    // gets the end permit finds the queue empty and puts the permit back for the next one.
    private readonly ConcurrentQueue<SampleHandle> _queued = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly DropTokenSender? _socketDrops;
    private volatile bool _ended;
    private volatile ProtocolException? _fault;
    // Delivered and not yet released; never more than the publisher's queue depth from an honest publisher.
    private int _unreleased;
    private int _disposed;
    private readonly LeaseSlotPool<SampleLeaseSlot> _leases;

    private Subscriber(string topic, Socket socket, int publisherProcessId, Hello publisher, SchemaComparison? evolution, HandshakeLeftovers leftovers, TransportLog log, SubscriberOptions options)
    {
        SchemaEvolution = evolution;
        Topic = topic;
        _leases = new LeaseSlotPool<SampleLeaseSlot>(() => new SampleLeaseSlot(this, _leases!));
        _socket = socket;
        PublisherProcessId = publisherProcessId;
        PublisherMessageType = publisher.MessageType;
        PublisherSchema = publisher.Schema;
        PublisherFingerprint = publisher.Fingerprint;
        PublisherIsBridged = publisher.Capabilities.HasFlag(HelloCapabilities.Bridged);
        _publisherQueueDepth = (int)publisher.QueueDepth;
        _buffer = leftovers.Buffer;
        _decoder = leftovers.Decoder;
        _descriptors = leftovers.Descriptors;
        _log = log;
        if (leftovers.Channel is { } channel)
            _ring = new RingReceiver(channel, options.SpinBeforeWait, options.ConnectTimeout);
        else
            _socketDrops = new DropTokenSender(socket, _writeLock);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"quiver subscriber {topic}" };
        _reader.Start();
    }

    public string Topic { get; }
    public int PublisherProcessId { get; }
    public string PublisherMessageType { get; }

    /// <summary>The publisher's Arrow IPC schema message, as sent in its handshake.</summary>
    public ReadOnlyMemory<byte> PublisherSchema { get; }

    /// <summary>
    /// How the publisher's schema compares with this subscriber's when their fingerprints differ
    /// (compatible, since the handshake refuses the rest; samples are then in the publisher's
    /// schema); null when the fingerprints are equal or the subscriber takes any message type.
    /// </summary>
    public SchemaComparison? SchemaEvolution { get; }

    /// <summary>The schema fingerprint the publisher named in its handshake.</summary>
    public ulong PublisherFingerprint { get; }

    /// <summary>The most samples the publisher lets this subscriber hold unreleased (its handshake's queue depth).</summary>
    public int PublisherQueueDepth => _publisherQueueDepth;

    /// <summary>
    /// True when the publisher republishes what a bridge imported from another host. Only known to
    /// subscribers made by <see cref="ConnectToAnyType"/>, which ask; false otherwise.
    /// </summary>
    public bool PublisherIsBridged { get; }

    /// <summary>Which path samples arrive on, as negotiated with the publisher.</summary>
    public NotificationPath Notification => _ring is null ? NotificationPath.Socket : NotificationPath.SharedMemoryRing;

    /// <summary>Set when the stream ended because the publisher broke the protocol.</summary>
    public ProtocolException? Fault => _fault;

    /// <summary>True once the stream has ended and every received sample has been taken.</summary>
    public bool IsCompleted => _ended && (_ring is { } ring ? ring.IsDrained : _queued.IsEmpty);

    /// <summary>Drop tokens sent back so far.</summary>
    public long DropTokensSent => _ring?.Drops.Sent ?? _socketDrops!.Sent;

    /// <summary>
    /// Connects to the publisher of <paramref name="topic"/> and completes the handshake.
    /// Throws <see cref="TopicUnavailableException"/> when there is no live publisher or it refuses
    /// (the message names both message types on a fingerprint mismatch).
    /// </summary>
    public static Subscriber Connect(string topic, TopicContract contract, SubscriberOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Connect(topic, contract, options, HelloCapabilities.None);
    }

    /// <summary>
    /// Connects to the publisher of <paramref name="topic"/> whatever message type it carries: for
    /// tools without generated types. <see cref="PublisherMessageType"/> and
    /// <see cref="PublisherSchema"/> then say what the samples are. A publisher that does not know
    /// this capability (protocol.md, "Capability flags") refuses with a fingerprint mismatch,
    /// which throws <see cref="TopicUnavailableException"/>.
    /// </summary>
    public static Subscriber ConnectToAnyType(string topic, SubscriberOptions? options = null) =>
        Connect(topic, AnyTypeContract, options, HelloCapabilities.AnyMessageType | HelloCapabilities.Bridged);

    // What a subscriber to any type says about itself; the publisher compares none of it.
    private static readonly TopicContract AnyTypeContract = new("*", 0, ReadOnlyMemory<byte>.Empty);

    private static Subscriber Connect(string topic, TopicContract contract, SubscriberOptions? options, HelloCapabilities wanted)
    {
        LibcMemory.EnsureLinux();
        TopicName.Validate(topic);
        options ??= new SubscriberOptions();
        options.Validate();
        var log = TransportLogDefaults.Resolve(options.Log);
        string path = RuntimeDirectory.SocketPath(topic);
        var socket = TopicSocket.Connect(topic, path, options.WaitForPublisher);
        var leftovers = new HandshakeLeftovers();
        try
        {
            var (processId, userId) = DescriptorSocket.PeerCredentials(socket);
            if (userId != DescriptorSocket.CurrentUserId)
                throw new TopicUnavailableException($"Topic '{topic}' is served by uid {userId} (pid {processId}), not by this user (uid {DescriptorSocket.CurrentUserId}); refusing to subscribe.");
            var offered = wanted | (options.Notification == NotificationPath.SharedMemoryRing ? HelloCapabilities.NotificationRing : HelloCapabilities.None);
            var ours = new Hello(PeerRole.Subscriber, topic, contract.MessageType, contract.Fingerprint, contract.Schema, Capabilities: offered);
            DescriptorSocket.SetReceiveTimeout(socket, options.ConnectTimeout);
            SendHello(socket, ours.ToFrame());
            var first = ReceiveFrame(topic, socket, leftovers);
            if (first.Refusal is not null)
                throw new TopicUnavailableException($"The publisher of topic '{topic}' refused this subscriber: {first.Refusal}");
            var theirs = first.Hello!;
            if (ours.RefusalFor(theirs, out var evolution) is { } refusal)
                throw new TopicUnavailableException(refusal);
            if ((theirs.Capabilities & ~offered) != 0)
                throw new ProtocolException($"The publisher's hello claims capabilities 0x{(byte)theirs.Capabilities:x2}; this subscriber offered 0x{(byte)offered:x2}.");
            if (theirs.Capabilities.HasFlag(HelloCapabilities.NotificationRing))
                leftovers.Channel = OpenChannel(ReceiveFrame(topic, socket, leftovers).Channel, theirs.QueueDepth, leftovers.Descriptors);
            DescriptorSocket.SetReceiveTimeout(socket, TimeSpan.Zero);
            // A publisher that stops reading (hung, stopped) must not block a thread that releases a sample forever.
            socket.SendTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
            return new Subscriber(topic, socket, processId, theirs, evolution, leftovers, log, options);
        }
        catch (Exception e)
        {
            leftovers.CloseDescriptors();
            leftovers.Channel?.Release();
            socket.Dispose();
            if (e is ProtocolException protocol)
                throw new TopicUnavailableException($"Topic '{topic}': the publisher's handshake is invalid: {protocol.Message}", protocol);
            if (e is SocketException { SocketErrorCode: SocketError.TimedOut })
                throw new TopicUnavailableException($"Topic '{topic}': the publisher did not answer the handshake within {options.ConnectTimeout}.", e);
            // A publisher that dies (or closes its listener) with this connection still queued resets it.
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
                throw new TopicUnavailableException($"Topic '{topic}': the publisher closed the connection during the handshake ({e.Message}).", e);
            throw;
        }
    }

    /// <summary>
    /// A publisher may refuse and close before reading the hello (too many connections in their
    /// handshake); the hello then cannot be sent, but the refusal is still there to read, so the
    /// caller goes on to read the answer instead of failing with the broken pipe.
    /// </summary>
    private static void SendHello(Socket socket, byte[] hello)
    {
        try
        {
            socket.Send(hello);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset)
        {
        }
    }

    /// <summary>The next handshake frame (the decoder enforces that a promised channel announcement comes right after the hello).</summary>
    private static PublisherEvent ReceiveFrame(string topic, Socket socket, HandshakeLeftovers leftovers)
    {
        while (true)
        {
            if (leftovers.Buffer.TryTake(PeerRole.Publisher, out var header, out var body))
                return leftovers.Decoder.Decode(header, body);
            int received = DescriptorSocket.Receive(socket, leftovers.Buffer.GetReceiveSpan(), leftovers.Descriptors);
            if (received == 0)
                throw new TopicUnavailableException($"Topic '{topic}': the publisher closed the connection during the handshake.");
            leftovers.Buffer.Advance(received);
        }
    }

    private static NotificationChannel OpenChannel(ChannelAnnouncement announcement, uint queueDepth, Queue<int> descriptors)
    {
        announcement.Validate(queueDepth);
        if (!descriptors.TryDequeue(out int fd))
            throw new ProtocolException("The notification channel was announced without a descriptor.");
        try
        {
            return NotificationChannel.Open(fd, (int)announcement.SampleCapacity, (int)announcement.DropCapacity, (long)announcement.Length);
        }
        catch (IOException e)
        {
            throw new ProtocolException(e.Message);
        }
    }

    /// <summary>
    /// The next sample, waiting up to <paramref name="timeout"/>; null once the stream has ended.
    /// Throws <see cref="TimeoutException"/> if nothing arrived in time, and
    /// <see cref="ProtocolException"/> at the end of a stream the publisher corrupted.
    /// </summary>
    public ReceivedSample? Receive(TimeSpan timeout) => TryTake(timeout, out var sample) switch
    {
        SampleTake.Sample => new ReceivedSample(this, sample),
        SampleTake.TimedOut => throw new TimeoutException($"Topic '{Topic}': no sample within {timeout}."),
        _ => null,
    };

    /// <summary>
    /// The next sample as a lease over a pooled slot, waiting up to <paramref name="timeout"/>: the
    /// receive that allocates nothing, once the pool has as many slots as leases are held at once
    /// (at most the publisher's queue depth). False when nothing arrived in time or the stream has
    /// ended (<see cref="IsCompleted"/> tells which); <see cref="ProtocolException"/> at the end of a
    /// stream the publisher corrupted. Dispose the lease as soon as you are done: its sample stays
    /// held until then (a struct has no finalizer), or until this subscriber is disposed.
    /// </summary>
    public bool TryTake(out SampleLease lease, TimeSpan timeout)
    {
        lease = default;
        if (TryTake(timeout, out var sample) != SampleTake.Sample)
            return false;
        var slot = _leases.Rent();
        lease = new SampleLease(slot, slot.Lease(sample));
        // A Dispose racing this take either saw the lease (and released it) or is seen here:
        // both sides write, then read the other's flag, with full fences.
        if (Volatile.Read(ref _disposed) != 0)
        {
            lease.Dispose();
            lease = default;
            return false;
        }
        return true;
    }

    /// <summary>A sample if one is waiting, without blocking.</summary>
    public bool TryReceive([NotNullWhen(true)] out ReceivedSample? sample)
    {
        sample = TryTake(TimeSpan.Zero, out var handle) == SampleTake.Sample ? new ReceivedSample(this, handle) : null;
        return sample is not null;
    }

    /// <summary>Every sample until the stream ends (then a corrupted stream throws <see cref="ProtocolException"/>).</summary>
    public async IAsyncEnumerable<ReceivedSample> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var take = TryTake(TimeSpan.Zero, out var sample);
            if (take == SampleTake.TimedOut)
                (take, sample) = await WaitAndTakeAsync(cancellationToken).ConfigureAwait(false);
            if (take == SampleTake.Ended)
                yield break;
            yield return new ReceivedSample(this, sample);
        }
    }

    /// <summary>
    /// Waits without a busy core and without blocking a pool thread: on the socket path on the
    /// semaphore; on the ring path after the spin (as a synchronous receive) on the ring's waiter
    /// thread. Either way the sample is then taken as by TryTake.
    /// </summary>
    private async Task<(SampleTake, SampleHandle)> WaitAndTakeAsync(CancellationToken cancellationToken)
    {
        if (_ring is not { } ring)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            var take = TakeAfterPermit(out var queued);
            return (take, queued);
        }
        while (true)
        {
            var take = TakeFromRing(ring.Spin, out var sample, cancellationToken);
            if (take != SampleTake.TimedOut)
                return (take, sample);
            await ring.AsyncWaiter.WhenEntryAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The next sample without making an object for it: <see cref="SampleTake.Sample"/> with its
    /// segment retained once (give it back with <see cref="Release"/>), <see cref="SampleTake.TimedOut"/>
    /// after <paramref name="timeout"/> (zero polls, infinite waits), or <see cref="SampleTake.Ended"/>
    /// when the stream is over; then a <see cref="ProtocolException"/> if the publisher broke the protocol.
    /// </summary>
    internal SampleTake TryTake(TimeSpan timeout, out SampleHandle sample)
    {
        if (_ring is not null)
            return TakeFromRing(timeout, out sample, CancellationToken.None);
        sample = default;
        if (!_available.Wait(timeout))
            return SampleTake.TimedOut;
        return TakeAfterPermit(out sample);
    }

    /// <summary>Gives back a sample's segment reference and sends its drop token. Does not allocate in steady state.</summary>
    internal void Release(in SampleHandle sample) => Release(sample, fromFinalizer: false);

    internal void Release(in SampleHandle sample, bool fromFinalizer)
    {
        sample.Segment.Release();
        Interlocked.Decrement(ref _unreleased);
        if (_ring is { } ring)
            ring.Drops.Push(sample.Sequence);
        else
            _socketDrops!.Enqueue(sample.Sequence, fromFinalizer);
    }

    private SampleTake TakeAfterPermit(out SampleHandle sample)
    {
        if (_queued.TryDequeue(out sample))
            return SampleTake.Sample;
        // The end-of-stream permit: leave it for the next taker.
        _available.Release();
        ThrowIfFaulted();
        return SampleTake.Ended;
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
            throw new ProtocolException($"Topic '{Topic}': the publisher broke the protocol: {fault.Message}");
    }

    /// <summary>Counts a delivered sample; one beyond the publisher's queue depth means it does not wait for our drops.</summary>
    private void CountDelivered(ulong sequence)
    {
        // Bounds what a hostile publisher can make us hold: it promised never to have more than its
        // queue depth of our samples unreleased.
        if (Interlocked.Increment(ref _unreleased) > _publisherQueueDepth)
        {
            Interlocked.Decrement(ref _unreleased);
            throw new ProtocolException($"Sample {sequence} exceeds the publisher's queue depth of {_publisherQueueDepth} unreleased samples.");
        }
    }

    private void ReadLoop()
    {
        try
        {
            if (Drain())
                return;
            while (true)
            {
                int received = DescriptorSocket.Receive(_socket, _buffer.GetReceiveSpan(), _descriptors);
                if (received == 0)
                    return;
                _buffer.Advance(received);
                if (_descriptors.Count > MaxPendingDescriptors)
                    throw new ProtocolException($"The publisher sent {_descriptors.Count} descriptors without announcing them.");
                if (Drain())
                    return;
            }
        }
        catch (ProtocolException e)
        {
            Fail(e);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by a publisher that died, or shut down by Dispose: both simply end the stream.
        }
        catch (Exception e)
        {
            // Top of a thread: an unexpected failure ends this stream, never the process.
            _log(TransportLogLevel.Error, $"Topic '{Topic}': the stream ended after an internal error: {e}");
        }
        finally
        {
            while (_descriptors.TryDequeue(out int fd))
                LibcMemory.Close(fd);
            ShutdownSocket();
            if (_ring is { } ring)
            {
                // Entries already in the ring are still taken (their segments stay mapped until the
                // stream has been drained or the subscriber disposed); their drops go nowhere.
                ring.Drops.Close();
                _segments.Close();
                _ended = true;
                ring.Interrupt();
            }
            else
            {
                _socketDrops!.Close();
                _segments.ReleaseAll();
                _ended = true;
                _available.Release();
            }
        }
    }

    /// <summary>Ends the connection because the publisher broke the protocol; the reason is logged once.</summary>
    private void Fail(ProtocolException e)
    {
        if (Interlocked.CompareExchange(ref _fault, e, null) is null)
            _log(TransportLogLevel.Warning, $"Topic '{Topic}': disconnecting from publisher pid {PublisherProcessId}: {e.Message}");
        ShutdownSocket();
    }

    private void ShutdownSocket()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Handles every complete frame in the buffer; true when the publisher said goodbye.</summary>
    private bool Drain()
    {
        while (_buffer.TryTake(PeerRole.Publisher, out var header, out var body))
        {
            var frame = _decoder.Decode(header, body);
            switch (frame.Kind)
            {
                case FrameType.SegmentAnnouncement:
                    MapSegment(frame.Announcement);
                    break;
                case FrameType.Sample:
                    var sample = frame.Sample;
                    CountDelivered(sample.Sequence);
                    // Cannot fail or wait: the decoder checked the segment was announced, so it is mapped,
                    // and the table holds a reference to every segment until this loop ends.
                    var segment = _segments.Find(sample.Segment, TimeSpan.Zero)!;
                    segment.TryRetain();
                    _queued.Enqueue(new SampleHandle(sample.Sequence, sample.Timestamp, segment, (int)sample.Offset, (int)sample.Length));
                    _available.Release();
                    break;
                case FrameType.Goodbye:
                    return true;
            }
        }
        return false;
    }

    private void MapSegment(SegmentAnnouncement announcement)
    {
        if (!_descriptors.TryDequeue(out int fd))
            throw new ProtocolException($"Segment {announcement.Segment} was announced without a descriptor.");
        try
        {
            _segments.Add(SharedMemorySegment.OpenReadOnly(announcement.Segment, fd, (long)announcement.Length));
        }
        catch (IOException e)
        {
            throw new ProtocolException(e.Message);
        }
    }

    /// <summary>
    /// Leaves the topic. Samples already handed out stay valid until disposed; samples received
    /// but not taken are released.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _leases.ReleaseAll();
        _socketDrops?.Close();
        _ring?.Drops.Close();
        lock (_writeLock)
        {
            try
            {
                Span<byte> goodbye = stackalloc byte[FrameHeader.Size];
                new FrameHeader(FrameType.Goodbye, 0).Write(goodbye);
                _socket.Send(goodbye);
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The publisher is already gone.
            }
        }
        _reader.Join();
        _socket.Dispose();
        if (_ring is { } ring)
        {
            ring.Dispose(_segments);
        }
        else
        {
            while (_queued.TryDequeue(out var unread))
                Release(unread);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>What the handshake read past the publisher's hello; the reader thread continues from it.</summary>
    private sealed class HandshakeLeftovers
    {
        public FrameBuffer Buffer { get; } = new();
        public PublisherStreamDecoder Decoder { get; } = new();
        public Queue<int> Descriptors { get; } = new();
        public NotificationChannel? Channel { get; set; }

        public void CloseDescriptors()
        {
            while (Descriptors.TryDequeue(out int fd))
                LibcMemory.Close(fd);
        }
    }
}

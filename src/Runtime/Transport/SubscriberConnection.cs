using System.Net.Sockets;
using Quiver.SharedMemory;
using Quiver.Transport.Ring;

namespace Quiver.Transport;

/// <summary>
/// The publisher's end of one subscriber: its socket, the thread that answers its hello (read by
/// the <see cref="HandshakeAcceptor"/>) and reads its drop tokens, the samples it holds, and how many segments it has been told about. On the ring path
/// also the notification channel: samples are pushed into its ring under the publisher's send lock
/// (under the write lock when a segment must be announced first), and a drop pump thread applies
/// the drops the subscriber pushes back.
/// Writes to the socket are serialised by a lock so frames never interleave.
/// </summary>
internal sealed class SubscriberConnection
{
    private readonly Publisher _publisher;
    private readonly Socket _socket;
    private readonly Thread _reader;
    private readonly Hello _hello;
    private readonly SubscriberStreamDecoder _decoder;
    // Taken before the publisher's gate, never under it (see Publisher's lock order).
    private readonly object _writeLock = new();
    private readonly byte[] _sampleFrame = new byte[SampleFrame.FrameSize];
    private int _announcedSegments;
    private bool _helloSent;
    private bool _closed;
    private NotificationChannel? _channel;
    private SampleRingWriter? _samples;
    private DropRingReader? _drops;
    private Thread? _dropPump;
    private int _stopping;
    private volatile bool _ringNegotiated;
    // A violation the publisher found reading the drop ring outside a send; the pump disconnects for it.
    private volatile ProtocolException? _dropRingFault;
    // The reader thread, plus the drop pump once started; the last one to end has the publisher
    // forget this connection, so its Dispose joins every thread that still maps something.
    private int _runningThreads;

    /// <summary>Takes over a connection whose hello the acceptor has read and for which a place is reserved.</summary>
    public SubscriberConnection(Publisher publisher, PendingHandshake pending)
    {
        _publisher = publisher;
        _socket = pending.Socket;
        _socket.Blocking = true;
        _hello = pending.Hello!;
        _decoder = pending.Decoder;
        ProcessId = pending.ProcessId;
        _socket.SendTimeout = (int)publisher.Options.SendTimeout.TotalMilliseconds;
        _reader = new Thread(Run) { IsBackground = true, Name = $"quiver subscriber {ProcessId}" };
    }

    public int ProcessId { get; }

    /// <summary>Samples this subscriber holds; guarded by the publisher's gate.</summary>
    public InFlightSamples InFlight { get; } = new();

    /// <summary>Samples sent to and skipped for this subscriber; guarded by the publisher's gate.</summary>
    public long Received { get; set; }
    public long Skipped { get; set; }

    /// <summary>Set under the publisher's gate once the connection is closed.</summary>
    public bool IsClosed { get; set; }

    public void Start()
    {
        _runningThreads = 1;
        _reader.Start();
    }

    public void Join(TimeSpan timeout)
    {
        if (Thread.CurrentThread != _reader)
            _reader.Join(timeout);
        if (_dropPump is { } pump && Thread.CurrentThread != pump)
            pump.Join(timeout);
    }

    /// <summary>
    /// Appends the drops waiting in the drop ring (none on the socket path). The caller holds the
    /// publisher's gate: the pump and a send that finds this subscriber full both read the ring.
    /// </summary>
    public void TakeRingDrops(List<ulong> sequences) => _drops?.ReadAll(sequences);

    /// <summary>Wakes the drop pump (nothing on the socket path), so it sees a new waiter or a fault.</summary>
    public void WakeDropPump() => _drops?.Wake();

    /// <summary>For a new drop waiter: wakes the drop pump unless it already asks to be woken on each drop.</summary>
    public void WakeDropPumpUnlessAnnounced() => _drops?.WakeUnlessAnnounced();

    /// <summary>True while this connection's drop pump sleeps (false on the socket path); for tests.</summary>
    public bool DropPumpAsleep => _drops?.IsAsleep ?? false;

    /// <summary>Hands a drop-ring violation found under the publisher's gate to the pump, which disconnects outside it.</summary>
    public void FailDropRing(ProtocolException fault)
    {
        _dropRingFault = fault;
        WakeDropPump();
    }

    /// <summary>
    /// Which path this subscriber's samples take; decided in the handshake before the answer goes
    /// out, so stats read after the subscriber's Connect returned agree with it (the ring writer
    /// itself is set up after the channel was sent).
    /// </summary>
    public NotificationPath Notification => _ringNegotiated ? NotificationPath.SharedMemoryRing : NotificationPath.Socket;

    /// <summary>
    /// Pushes the sample into the ring without the write lock when the subscriber negotiated the
    /// ring and knows the sample's segment already; false when the sample needs
    /// <see cref="SendSample"/> (socket path, a segment to announce first, or closing). Callers hold
    /// the publisher's send lock, which orders every push and every announcement, so the ring
    /// writer and the announced count need no other lock.
    /// </summary>
    public bool TryPushToRing(in SampleFrame frame)
    {
        // Set once, after the channel went out (a reference store, so it publishes _channel too).
        if (Volatile.Read(ref _samples) is not { } ring || frame.Segment >= (ulong)_announcedSegments)
            return false;
        // No reference of its own for the push: the caller also holds the publisher's gate and found
        // this connection in its subscriber list, and a listed connection is closed (dropping the
        // connection's reference, which keeps the channel mapped) only after Disconnect took it off
        // the list under that gate, or by Dispose under the send lock. Neither can overlap this push.
        if (Volatile.Read(ref _channel) is null)
            return false;
        ring.Push(frame);
        return true;
    }

    /// <summary>Announces any segments the subscriber has not seen, then the sample. Throws if the socket fails.</summary>
    public void SendSample(in SampleFrame frame, IReadOnlyList<SharedMemorySegment> segments, TimeSpan timeout)
    {
        lock (_writeLock)
        {
            if (_closed)
                return;
            Span<byte> announcement = stackalloc byte[SegmentAnnouncement.FrameSize];
            while (_announcedSegments <= frame.Segment)
            {
                var segment = segments[_announcedSegments];
                new SegmentAnnouncement(segment.Id, (ulong)segment.Length).Write(announcement);
                DescriptorSocket.SendWithDescriptor(_socket, announcement, segment.FileDescriptor, timeout);
                _announcedSegments++;
            }
            if (_samples is { } ring)
            {
                ring.Push(frame);
                return;
            }
            frame.Write(_sampleFrame);
            _socket.Send(_sampleFrame);
        }
    }

    public void SendGoodbyeAndClose()
    {
        lock (_writeLock)
        {
            if (_closed)
                return;
            try
            {
                // A peer still in its handshake is just closed: a goodbye before a hello would be a violation.
                if (!_helloSent)
                {
                    CloseLocked();
                    return;
                }
                Span<byte> goodbye = stackalloc byte[FrameHeader.Size];
                new FrameHeader(FrameType.Goodbye, 0).Write(goodbye);
                _socket.Send(goodbye);
            }
            catch (SocketException)
            {
                // The subscriber is already gone; closing is all that is left to do.
            }
            CloseLocked();
        }
    }

    public void Close()
    {
        lock (_writeLock)
            CloseLocked();
    }

    private void CloseLocked()
    {
        if (_closed)
            return;
        _closed = true;
        if (_channel is { } channel)
        {
            // No push is under way (see TryPushToRing) and none starts after. The pump stops and
            // drops its own reference, this drops the connection's.
            Volatile.Write(ref _stopping, 1);
            _drops!.Wake();
            channel.Release();
            _channel = null;
        }
        // Shutdown wakes the reader thread blocked in Receive; the handle stays valid for it
        // because SafeHandle defers the actual close until no call is using it.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        _socket.Dispose();
    }

    private void Run()
    {
        var buffer = new FrameBuffer();
        var drops = new List<ulong>();
        try
        {
            if (!Handshake(_hello))
                return;
            while (true)
            {
                int received = _socket.Receive(buffer.GetReceiveSpan());
                if (received == 0)
                    return;
                buffer.Advance(received);
                while (buffer.TryTake(PeerRole.Subscriber, out var header, out var body))
                {
                    drops.Clear();
                    var type = _decoder.Decode(header, body, drops, out _);
                    if (type == FrameType.Goodbye)
                        return;
                    if (drops.Count > 0)
                        _publisher.Drop(this, drops);
                }
            }
        }
        catch (ProtocolException e)
        {
            _publisher.Logger(TransportLogLevel.Warning, $"Topic '{_publisher.Topic}': disconnecting subscriber pid {ProcessId}: {e.Message}");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection was closed from this side or reset by the peer: a normal end.
        }
        catch (Exception e)
        {
            // Top of a thread: an unexpected failure ends this connection, never the process.
            _publisher.Logger(TransportLogLevel.Error, $"Topic '{_publisher.Topic}': subscriber pid {ProcessId} disconnected after an internal error: {e}");
        }
        finally
        {
            _publisher.Disconnect(this);
            ThreadEnded();
        }
    }

    /// <summary>Lists the subscriber and answers its hello; false (the reservation ended all the same) if it closed meanwhile.</summary>
    private bool Handshake(Hello hello)
    {
        bool reserved = true;
        try
        {
            lock (_writeLock)
            {
                if (_closed)
                    return false;
                // Listed before the answer goes out, so a sample sent once the subscriber's Connect has
                // returned always reaches it; this write lock holds any sample back until the answer is out.
                reserved = false;
                if (!_publisher.Activate(this))
                    return false;
                bool ring = _publisher.Options.Notification == NotificationPath.SharedMemoryRing
                            && hello.Capabilities.HasFlag(HelloCapabilities.NotificationRing);
                var accepted = hello.Capabilities & (_publisher.Options.Bridged
                    ? HelloCapabilities.AnyMessageType | HelloCapabilities.Bridged
                    : HelloCapabilities.AnyMessageType);
                _ringNegotiated = ring;
                if (ring)
                    OpenChannelLocked(accepted);
                else
                    _socket.Send(_publisher.HelloFrameAccepting(accepted));
                _helloSent = true;
                return true;
            }
        }
        finally
        {
            if (reserved)
                _publisher.CancelReservation();
        }
    }

    /// <summary>Answers with the ring hello, sends the channel's descriptor and starts the drop pump.</summary>
    private void OpenChannelLocked(HelloCapabilities accepted)
    {
        int capacity = NotificationChannel.CapacityFor(_publisher.Options.QueueDepth);
        var channel = NotificationChannel.Create(capacity, capacity, $"quiver-channel-{ProcessId}");
        try
        {
            _socket.Send(_publisher.HelloFrameAccepting(HelloCapabilities.NotificationRing | accepted));
            Span<byte> frame = stackalloc byte[ChannelAnnouncement.FrameSize];
            new ChannelAnnouncement((uint)capacity, (uint)capacity, (ulong)channel.Length).Write(frame);
            DescriptorSocket.SendWithDescriptor(_socket, frame, channel.FileDescriptor, _publisher.Options.SendTimeout);
        }
        catch
        {
            channel.Release();
            throw;
        }
        channel.CloseDescriptor();
        // The drop pump's own reference (cannot fail: the connection's is still held).
        channel.TryRetain();
        _channel = channel;
        _samples = new SampleRingWriter(channel);
        var drops = _drops = new DropRingReader(channel);
        _dropPump = new Thread(() => PumpDrops(channel, drops)) { IsBackground = true, Name = $"quiver drops {ProcessId}" };
        // Counted by the reader thread, which runs this handshake, so the count cannot reach zero first.
        Interlocked.Increment(ref _runningThreads);
        _dropPump.Start();
    }

    private void ThreadEnded()
    {
        if (Interlocked.Decrement(ref _runningThreads) == 0)
            _publisher.Forget(this);
    }

    /// <summary>
    /// Applies the drops the subscriber pushes, sleeping on the drop ring's futex in between.
    /// A violation (impossible tail, a drop for a sample it does not hold) disconnects the subscriber.
    /// </summary>
    private void PumpDrops(NotificationChannel channel, DropRingReader reader)
    {
        Func<bool> wanted = _publisher.DropWakes.Wanted;
        try
        {
            while (Volatile.Read(ref _stopping) == 0)
            {
                if (_dropRingFault is { } fault)
                    throw fault;
                if (!_publisher.PumpRingDrops(this))
                    reader.Sleep(ref _stopping, wanted, _publisher.DropPollPeriod);
            }
        }
        catch (ProtocolException e)
        {
            _publisher.Logger(TransportLogLevel.Warning, $"Topic '{_publisher.Topic}': disconnecting subscriber pid {ProcessId}: {e.Message}");
            _publisher.Disconnect(this);
        }
        catch (Exception e)
        {
            // Top of a thread: an unexpected failure ends this connection, never the process.
            _publisher.Logger(TransportLogLevel.Error, $"Topic '{_publisher.Topic}': subscriber pid {ProcessId} disconnected after an internal error: {e}");
            _publisher.Disconnect(this);
        }
        finally
        {
            channel.Release();
            ThreadEnded();
        }
    }
}

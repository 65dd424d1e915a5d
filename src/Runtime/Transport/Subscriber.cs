using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// The receiving end of a topic: connects to the publisher, maps its segments read-only and
/// hands out each sample as a <see cref="ReceivedSample"/> over shared memory. Samples sent
/// before it joined are not seen. When the publisher leaves (goodbye, crash) the stream ends
/// after the samples already received; samples still held stay valid.
/// </summary>
public sealed class Subscriber : IDisposable, IAsyncDisposable
{
    private const int MaxPendingDescriptors = 16;

    private readonly Socket _socket;
    private readonly object _writeLock = new();
    private readonly DropTokenSender _drops;
    // One permit per queued sample plus one once the stream has ended; a taker that gets the end
    // permit finds the queue empty and puts the permit back for the next one. A semaphore wakes a
    // blocked Receive directly (no thread-pool hop), which is most of a small sample's latency.
    // Samples wait as handles, so the reader thread allocates nothing per sample; the object of
    // Receive is made when it is taken.
    private readonly ConcurrentQueue<SampleHandle> _samples = new();
    private readonly SemaphoreSlim _available = new(0);
    private volatile bool _ended;
    private readonly FrameBuffer _buffer;
    private readonly PublisherStreamDecoder _decoder;
    private readonly Queue<int> _descriptors;
    private readonly List<SharedMemorySegment> _segments = new();
    private readonly TransportLog _log;
    private readonly Thread _reader;
    private readonly int _publisherQueueDepth;
    private volatile ProtocolException? _fault;
    private int _disposed;

    private Subscriber(string topic, Socket socket, int publisherProcessId, Hello publisher, HandshakeLeftovers leftovers, TransportLog log)
    {
        Topic = topic;
        _socket = socket;
        PublisherProcessId = publisherProcessId;
        PublisherMessageType = publisher.MessageType;
        PublisherSchema = publisher.Schema;
        _publisherQueueDepth = (int)publisher.QueueDepth;
        _buffer = leftovers.Buffer;
        _decoder = leftovers.Decoder;
        _descriptors = leftovers.Descriptors;
        _log = log;
        _drops = new DropTokenSender(socket, _writeLock);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"quiver subscriber {topic}" };
        _reader.Start();
    }

    public string Topic { get; }
    public int PublisherProcessId { get; }
    public string PublisherMessageType { get; }

    /// <summary>The publisher's Arrow IPC schema message, as sent in its handshake.</summary>
    public ReadOnlyMemory<byte> PublisherSchema { get; }

    /// <summary>Set when the stream ended because the publisher broke the protocol.</summary>
    public ProtocolException? Fault => _fault;

    /// <summary>True once the stream has ended and every received sample has been taken.</summary>
    public bool IsCompleted => _ended && _samples.IsEmpty;

    /// <summary>
    /// Connects to the publisher of <paramref name="topic"/> and completes the handshake.
    /// Throws <see cref="TopicUnavailableException"/> when there is no live publisher or it refuses
    /// (the message names both message types on a fingerprint mismatch).
    /// </summary>
    public static Subscriber Connect(string topic, TopicContract contract, SubscriberOptions? options = null)
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
            var ours = new Hello(PeerRole.Subscriber, topic, contract.MessageType, contract.Fingerprint, contract.Schema);
            DescriptorSocket.SetReceiveTimeout(socket, options.ConnectTimeout);
            socket.Send(ours.ToFrame());
            var theirs = ReceiveHello(topic, socket, leftovers);
            if (ours.RefusalFor(theirs) is { } refusal)
                throw new TopicUnavailableException(refusal);
            DescriptorSocket.SetReceiveTimeout(socket, TimeSpan.Zero);
            // A publisher that stops reading (hung, stopped) must not block a thread that releases a sample forever.
            socket.SendTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
            return new Subscriber(topic, socket, processId, theirs, leftovers, log);
        }
        catch (Exception e)
        {
            leftovers.CloseDescriptors();
            socket.Dispose();
            if (e is ProtocolException protocol)
                throw new TopicUnavailableException($"Topic '{topic}': the publisher's handshake is invalid: {protocol.Message}", protocol);
            if (e is SocketException { SocketErrorCode: SocketError.TimedOut })
                throw new TopicUnavailableException($"Topic '{topic}': the publisher did not answer the handshake within {options.ConnectTimeout}.", e);
            throw;
        }
    }

    private static Hello ReceiveHello(string topic, Socket socket, HandshakeLeftovers leftovers)
    {
        while (true)
        {
            int received = DescriptorSocket.Receive(socket, leftovers.Buffer.GetReceiveSpan(), leftovers.Descriptors);
            if (received == 0)
                throw new TopicUnavailableException($"Topic '{topic}': the publisher closed the connection during the handshake.");
            leftovers.Buffer.Advance(received);
            if (leftovers.Buffer.TryTake(PeerRole.Publisher, out var header, out var body))
            {
                var first = leftovers.Decoder.Decode(header, body);
                if (first.Refusal is not null)
                    throw new TopicUnavailableException($"The publisher of topic '{topic}' refused this subscriber: {first.Refusal}");
                return first.Hello!;
            }
        }
    }

    /// <summary>
    /// The next sample, waiting up to <paramref name="timeout"/>; null once the stream has ended.
    /// Throws <see cref="TimeoutException"/> if nothing arrived in time, and
    /// <see cref="ProtocolException"/> at the end of a stream the publisher corrupted.
    /// </summary>
    public ReceivedSample? Receive(TimeSpan timeout)
    {
        if (!_available.Wait(timeout))
            throw new TimeoutException($"Topic '{Topic}': no sample within {timeout}.");
        return TakeAfterPermit();
    }

    /// <summary>A sample if one is waiting, without blocking.</summary>
    public bool TryReceive([NotNullWhen(true)] out ReceivedSample? sample)
    {
        sample = null;
        if (!_available.Wait(0))
            return false;
        sample = TakeAfterPermit();
        return sample is not null;
    }

    /// <summary>Every sample until the stream ends (then a corrupted stream throws <see cref="ProtocolException"/>).</summary>
    public async IAsyncEnumerable<ReceivedSample> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (TakeAfterPermit() is not { } sample)
                yield break;
            yield return sample;
        }
    }

    private ReceivedSample? TakeAfterPermit()
    {
        if (!TakeHandleAfterPermit(out var sample))
            return null;
        return new ReceivedSample(sample.Sequence, sample.TimestampNanoseconds, sample.Segment, sample.Offset, sample.Length, _drops);
    }

    private bool TakeHandleAfterPermit(out SampleHandle sample)
    {
        if (_samples.TryDequeue(out sample))
            return true;
        // The end-of-stream permit: leave it for the next taker.
        _available.Release();
        ThrowIfFaulted();
        return false;
    }

    /// <summary>
    /// The next sample as a handle, waiting up to <paramref name="timeout"/>: no object is made for
    /// it. <see cref="SampleTake.Ended"/> once the stream is over (throws the
    /// <see cref="ProtocolException"/> if the publisher broke the protocol). Every handle taken
    /// must be given back to <see cref="Release"/> exactly once.
    /// </summary>
    internal SampleTake TryTake(TimeSpan timeout, out SampleHandle sample)
    {
        if (!_available.Wait(timeout))
        {
            sample = default;
            return SampleTake.TimedOut;
        }
        return TakeHandleAfterPermit(out sample) ? SampleTake.Sample : SampleTake.Ended;
    }

    /// <summary>Releases the segment reference of a handle from <see cref="TryTake"/> and queues its drop token.</summary>
    internal void Release(in SampleHandle sample)
    {
        sample.Segment.Release();
        _drops.Enqueue(sample.Sequence, fromFinalizer: false);
    }

    /// <summary>Drop tokens sent back so far.</summary>
    public long DropTokensSent => _drops.Sent;

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
            throw new ProtocolException($"Topic '{Topic}': the publisher broke the protocol: {fault.Message}");
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
            _fault = e;
            _log(TransportLogLevel.Warning, $"Topic '{Topic}': disconnecting from publisher pid {PublisherProcessId}: {e.Message}");
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
            _drops.Close();
            while (_descriptors.TryDequeue(out int fd))
                LibcMemory.Close(fd);
            foreach (var segment in _segments)
                segment.Release();
            _segments.Clear();
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            _ended = true;
            _available.Release();
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
                    // Bounds what a hostile publisher can make us allocate: it promised never to
                    // have more than its queue depth of our samples unreleased.
                    if (_drops.Delivered() > _publisherQueueDepth)
                        throw new ProtocolException($"Sample {sample.Sequence} exceeds the publisher's queue depth of {_publisherQueueDepth} unreleased samples.");
                    var segment = _segments[(int)sample.Segment];
                    // Cannot fail: _segments holds a reference to every segment until this loop ends.
                    segment.TryRetain();
                    _samples.Enqueue(new SampleHandle(sample.Sequence, sample.Timestamp, segment, (int)sample.Offset, (int)sample.Length));
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
        _drops.Close();
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
        while (_samples.TryDequeue(out var unread))
            Release(unread);
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

        public void CloseDescriptors()
        {
            while (Descriptors.TryDequeue(out int fd))
                LibcMemory.Close(fd);
        }
    }
}

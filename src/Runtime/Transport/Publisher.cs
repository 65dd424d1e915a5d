using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// The publishing end of a topic: owns the topic socket and a pool of shared-memory segments,
/// loans samples, and sends each one to every connected subscriber as a small frame.
/// A sample returns to the pool when every subscriber that received it has dropped it or gone.
/// Sample bytes are opaque here; a message layer decides what they contain.
/// </summary>
public sealed class Publisher : IDisposable, IAsyncDisposable
{
    // _gate guards the pool, the in-flight table and the subscriber list; _sendLock orders Send
    // calls so every subscriber sees sequences in increasing order. Lock order: _sendLock, then _gate;
    // a connection's write lock, then _gate (the handshake lists a subscriber under it). Never _gate first.
    private readonly object _gate = new();
    private readonly object _sendLock = new();
    private readonly SampleAllocator _pool;
    private readonly Dictionary<ulong, InFlightSample> _inFlight = new();
    // Every connection with a thread still running, closed or not: Dispose joins them all.
    private readonly List<SubscriberConnection> _connections = new();
    private readonly List<SubscriberConnection> _subscribers = new();
    private readonly List<SubscriberConnection> _recipients = new();
    private readonly List<SubscriberConnection> _violators = new();
    private readonly List<ulong> _ringDrops = new();
    private readonly HandshakeAcceptor _acceptor;
    private readonly Timer? _heldTimer;
    private readonly string _socketPath;
    private readonly ulong _socketInode;
    private SharedMemorySegment[] _segments = [];
    private ulong _lastSequence;
    private long _sent;
    private long _skipped;
    private int _loaned;
    private int _reservedPlaces;
    private readonly DropWakeRequests _dropWakes = new();
    // Used under _sendLock only.
    private readonly UnixClock _clock = new();
    private bool _disposed;

    private Publisher(string topic, TopicContract contract, PublisherOptions options, string socketPath, Socket listener)
    {
        Topic = topic;
        Options = options;
        Logger = TransportLogDefaults.Resolve(options.Log);
        Hello = new Hello(PeerRole.Publisher, topic, contract.MessageType, contract.Fingerprint, contract.Schema, (uint)options.QueueDepth);
        HelloFrame = Hello.ToFrame();
        RingHelloFrame = (Hello with { Capabilities = HelloCapabilities.NotificationRing }).ToFrame();
        _pool = new SampleAllocator(options.Pool);
        _socketPath = socketPath;
        _socketInode = FileStatus.OfPath(socketPath)?.Inode ?? 0;
        _acceptor = new HandshakeAcceptor(listener, topic, options, Logger, Admit);
        if (options.HeldWarningAfter != Timeout.InfiniteTimeSpan)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(options.HeldWarningAfter.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
            _heldTimer = new Timer(_ => WarnAboutHeldSamples(), null, period, period);
        }
    }

    public string Topic { get; }
    public PublisherOptions Options { get; }
    internal TransportLog Logger { get; }
    internal Hello Hello { get; }
    internal byte[] HelloFrame { get; }

    /// <summary>The hello that accepts a subscriber's offer of the notification ring.</summary>
    internal byte[] RingHelloFrame { get; }

    /// <summary>The hello that answers a subscriber, accepting <paramref name="accepted"/> of what it offered.</summary>
    internal byte[] HelloFrameAccepting(HelloCapabilities accepted) => accepted switch
    {
        HelloCapabilities.None => HelloFrame,
        HelloCapabilities.NotificationRing => RingHelloFrame,
        // Only tools subscribe to any type, once per connection: made when asked.
        _ => (Hello with { Capabilities = accepted }).ToFrame(),
    };

    /// <summary>Binds the topic socket (replacing a stale one left by a dead publisher) and starts accepting subscribers.</summary>
    public static Publisher Create(string topic, TopicContract contract, PublisherOptions? options = null)
    {
        LibcMemory.EnsureLinux();
        TopicName.Validate(topic);
        options ??= new PublisherOptions();
        options.Validate();
        string path = RuntimeDirectory.SocketPath(topic);
        var listener = TopicSocket.Bind(topic, path, TransportLogDefaults.Resolve(options.Log));
        try
        {
            return new Publisher(topic, contract, options, path, listener);
        }
        catch
        {
            listener.Dispose();
            File.Delete(path);
            throw;
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
                return _subscribers.Count;
        }
    }

    /// <summary>
    /// Loans a writable sample of <paramref name="length"/> bytes. When the pool is at its limits and
    /// full, <see cref="PublisherOptions.WhenExhausted"/> decides: wait, throw
    /// <see cref="PoolExhaustedException"/>, or grow past the limits.
    /// </summary>
    public LoanedSample Loan(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var policy = Options.WhenExhausted;
        var deadline = Deadline.After(Options.BlockTimeout);
        lock (_gate)
        {
            SampleSlot slot;
            while (true)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                CatchUpOnAllRingDropsLocked();
                if (_pool.TryAllocate(length, ignoreLimits: policy == ExhaustionPolicy.Grow, out slot))
                    break;
                var remaining = deadline.Remaining;
                if (policy == ExhaustionPolicy.Throw || remaining == TimeSpan.Zero)
                    throw Exhausted(length, policy);
                _dropWakes.WaitLocked(_gate, remaining, _subscribers);
            }
            if (_segments.Length != _pool.Segments.Count)
                _segments = _pool.Segments.ToArray();
            _loaned++;
            var segment = _pool.GetSegment(slot.SegmentId);
            // Cannot fail: the pool holds its own reference until it is disposed, which happens under _gate.
            segment.TryRetain();
            return new LoanedSample(this, slot, segment);
        }
    }

    /// <summary>
    /// The one-copy convenience: loans a sample, copies <paramref name="payload"/> into it and sends
    /// it. Returns the sequence number.
    /// </summary>
    public ulong Publish(ReadOnlySpan<byte> payload)
    {
        var sample = Loan(payload.Length);
        payload.CopyTo(sample.Span);
        return Send(sample);
    }

    /// <summary>Sends the whole sample; returns its sequence number.</summary>
    public ulong Send(LoanedSample sample) => Send(sample, sample.Length);

    /// <summary>Sends the first <paramref name="length"/> bytes of the sample; returns its sequence number.</summary>
    public ulong Send(LoanedSample sample, int length)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if ((uint)length > (uint)sample.Length)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The sample holds {sample.Length} bytes.");
        var slot = sample.TakeForSend(this);
        try
        {
            return SendSlot(slot, length);
        }
        finally
        {
            sample.ReleaseSegment();
        }
    }

    private ulong SendSlot(SampleSlot slot, int length)
    {
        lock (_sendLock)
        {
            SampleFrame frame;
            SharedMemorySegment[] segments;
            long sentAt = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                _loaned--;
                // After Dispose the pool and its bookkeeping are gone; the slot goes with them.
                ObjectDisposedException.ThrowIf(_disposed, this);
                var sequence = ++_lastSequence;
                frame = new SampleFrame(sequence, slot.SegmentId, (ulong)slot.Offset, (ulong)length, _clock.UnixNanoseconds(sentAt));
                _sent++;
                _recipients.Clear();
                _violators.Clear();
                int holders = 0;
                foreach (var subscriber in _subscribers)
                {
                    if (subscriber.InFlight.Count >= Options.QueueDepth && !CatchUpOnRingDrops(subscriber))
                        continue;
                    if (subscriber.InFlight.Count < Options.QueueDepth)
                    {
                        // A ring subscriber that knows the segment gets the entry before the
                        // bookkeeping, which a spinning receiver would otherwise wait for. Its
                        // release can come back at once: drops are applied under this gate, so
                        // after the sample is listed below.
                        if (!subscriber.TryPushToRing(frame))
                            _recipients.Add(subscriber);
                        subscriber.InFlight.Add(sequence);
                        subscriber.Received++;
                        holders++;
                    }
                    else
                    {
                        subscriber.Skipped++;
                        _skipped++;
                    }
                }
                if (holders == 0)
                {
                    _pool.Free(slot);
                    Monitor.PulseAll(_gate);
                }
                else
                    _inFlight.Add(sequence, new InFlightSample(slot, length, sentAt, holders));
                segments = _segments;
            }
            // Outside the gate: disconnecting edits the subscriber list the loop above walked.
            foreach (var violator in _violators)
                Disconnect(violator);
            foreach (var recipient in _recipients)
            {
                try
                {
                    recipient.SendSample(frame, segments, Options.SendTimeout);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    Logger(TransportLogLevel.Information, $"Topic '{Topic}': subscriber pid {recipient.ProcessId} is gone ({e.Message}).");
                    Disconnect(recipient);
                }
            }
            return frame.Sequence;
        }
    }

    public PublisherStats GetStats()
    {
        lock (_gate)
        {
            CatchUpOnAllRingDropsLocked();
            long now = Stopwatch.GetTimestamp();
            var outstanding = _inFlight
                .Select(entry => new OutstandingSample(entry.Key, entry.Value.Length, Stopwatch.GetElapsedTime(entry.Value.SentAt, now), entry.Value.Pending))
                .OrderBy(sample => sample.Sequence)
                .ToList();
            var subscribers = _subscribers.Select(StatsOf).ToList();
            return new PublisherStats(_sent, _skipped, _subscribers.Count, _loaned, _pool.Segments.Count, _pool.TotalBytes, _pool.AllocatedBytes, outstanding, subscribers);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> subscribers have completed the handshake.</summary>
    public bool WaitForSubscribers(int count, TimeSpan timeout) => WaitUntil(() => _subscribers.Count >= count, timeout);

    /// <summary>Waits until at most <paramref name="atMost"/> sent samples are still held by subscribers.</summary>
    public bool WaitForInFlight(int atMost, TimeSpan timeout) => WaitUntil(() => _inFlight.Count <= atMost, timeout);

    /// <summary>
    /// Waits until the stats satisfy <paramref name="condition"/>; it is re-checked whenever a
    /// subscriber joins or leaves or a sample is released. False on timeout or disposal.
    /// </summary>
    public bool WaitFor(Func<PublisherStats, bool> condition, TimeSpan timeout) => WaitUntil(() => condition(GetStats()), timeout);

    /// <summary>
    /// The wait behind the public ones; <paramref name="holds"/> runs under the gate. The counting
    /// waits read the counters directly: they are re-checked on every release, and building the
    /// stats (a sorted list of every sample in flight) each time cost a publisher waiting on
    /// thousands of in-flight samples more than sending them.
    /// </summary>
    private bool WaitUntil(Func<bool> holds, TimeSpan timeout)
    {
        var deadline = Deadline.After(timeout);
        lock (_gate)
        {
            while (true)
            {
                CatchUpOnAllRingDropsLocked();
                if (holds())
                    return true;
                var remaining = deadline.Remaining;
                if (remaining == TimeSpan.Zero || _disposed)
                    return false;
                _dropWakes.WaitLocked(_gate, remaining, _subscribers);
            }
        }
    }

    /// <summary>True when every subscriber's drop pump sleeps, so only this publisher's own calls read the drop rings; for tests.</summary>
    internal bool DropPumpsAsleep
    {
        get
        {
            lock (_gate)
                return _subscribers.TrueForAll(subscriber => subscriber.DropPumpAsleep);
        }
    }

    /// <summary>
    /// How long a drop pump that nobody waits on sleeps before it reads its ring anyway, so drops
    /// (and a subscriber's violations) are applied within this even while the publisher is idle.
    /// Infinite in tests that need the pump never to read the ring on its own.
    /// </summary>
    internal TimeSpan DropPollPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>When drop pumps ask to be woken on each drop; its linger is set to zero by tests.</summary>
    internal DropWakeRequests DropWakes => _dropWakes;

    /// <summary>
    /// Under the gate: applies the drops every ring subscriber has pushed. Pumps are only woken per
    /// drop while someone waits, so loans, stats and the held-sample scan read the rings themselves.
    /// A broken ring is handed to its pump, which disconnects the subscriber outside the gate.
    /// </summary>
    private void CatchUpOnAllRingDropsLocked()
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                ApplyRingDropsLocked(subscriber);
            }
            catch (ProtocolException e)
            {
                subscriber.FailDropRing(e);
            }
        }
    }

    internal void Return(SampleSlot slot)
    {
        lock (_gate)
        {
            _loaned--;
            if (!_disposed)
                _pool.Free(slot);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Reserves a subscriber's place for a connection whose handshake is being answered, or says
    /// why there is none. Reservations count against <see cref="PublisherOptions.MaxSubscribers"/>,
    /// so two handshakes at once cannot both take the last place. Every reservation ends in
    /// <see cref="Activate"/> or <see cref="CancelReservation"/>.
    /// </summary>
    internal string? ReservePlace()
    {
        lock (_gate)
        {
            if (_disposed)
                return $"The publisher of topic '{Topic}' is shutting down.";
            if (_subscribers.Count + _reservedPlaces >= Options.MaxSubscribers)
                return $"Topic '{Topic}' already has its maximum of {Options.MaxSubscribers} subscribers.";
            _reservedPlaces++;
            return null;
        }
    }

    internal void CancelReservation()
    {
        lock (_gate)
            _reservedPlaces--;
    }

    /// <summary>Turns a reservation into a subscriber; false (the reservation ended all the same) if the publisher or the connection closed meanwhile.</summary>
    internal bool Activate(SubscriberConnection connection)
    {
        lock (_gate)
        {
            _reservedPlaces--;
            if (_disposed || connection.IsClosed)
                return false;
            _subscribers.Add(connection);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Applies a subscriber's drop tokens; one for a sample it does not hold is a <see cref="ProtocolException"/>.</summary>
    internal void Drop(SubscriberConnection connection, List<ulong> sequences)
    {
        lock (_gate)
        {
            // Drops read just before a disconnect: everything it held has already been reclaimed.
            if (connection.IsClosed)
                return;
            DropLocked(connection, sequences);
        }
    }

    /// <summary>The drop pump's step: applies what the subscriber's drop ring holds; false if it held nothing.</summary>
    internal bool PumpRingDrops(SubscriberConnection connection)
    {
        lock (_gate)
        {
            if (connection.IsClosed)
                return false;
            return ApplyRingDropsLocked(connection);
        }
    }

    /// <summary>
    /// Under the gate, for a subscriber whose in-flight table is full: applies the drops it already
    /// pushed into its drop ring (nothing on the socket path), so a drop pump that has not run yet
    /// (a loaded machine) does not make this send skip a subscriber that holds nothing. False for a
    /// broken ring: the subscriber is marked for disconnection and gets nothing more.
    /// </summary>
    private bool CatchUpOnRingDrops(SubscriberConnection subscriber)
    {
        try
        {
            ApplyRingDropsLocked(subscriber);
            return true;
        }
        catch (ProtocolException e)
        {
            Logger(TransportLogLevel.Warning, $"Topic '{Topic}': disconnecting subscriber pid {subscriber.ProcessId}: {e.Message}");
            _violators.Add(subscriber);
            return false;
        }
    }

    /// <summary>The gate serialises the drop ring's reader between the pump and senders.</summary>
    private bool ApplyRingDropsLocked(SubscriberConnection connection)
    {
        _ringDrops.Clear();
        connection.TakeRingDrops(_ringDrops);
        if (_ringDrops.Count == 0)
            return false;
        DropLocked(connection, _ringDrops);
        return true;
    }

    private void DropLocked(SubscriberConnection connection, List<ulong> sequences)
    {
        foreach (var sequence in sequences)
        {
            connection.InFlight.Drop(sequence);
            ReleaseOneHolder(sequence);
        }
        Monitor.PulseAll(_gate);
    }

    /// <summary>A closed connection whose threads have all ended: <see cref="Dispose"/> has nothing left to wait for.</summary>
    internal void Forget(SubscriberConnection connection)
    {
        lock (_gate)
            _connections.Remove(connection);
    }

    /// <summary>Forgets a subscriber: every sample it held counts as dropped. Safe to call more than once.</summary>
    internal void Disconnect(SubscriberConnection connection)
    {
        SubscriberStats? departed = null;
        lock (_gate)
        {
            if (!connection.IsClosed)
            {
                connection.IsClosed = true;
                // A connection whose handshake did not complete was never a subscriber: nothing departs.
                if (_subscribers.Remove(connection))
                    departed = StatsOf(connection);
                foreach (var sequence in connection.InFlight.Sequences)
                    ReleaseOneHolder(sequence);
                connection.InFlight.Clear();
                Monitor.PulseAll(_gate);
            }
        }
        connection.Close();
        if (departed is { } stats)
            ReportDeparture(stats);
    }

    private static SubscriberStats StatsOf(SubscriberConnection s) => new(s.ProcessId, s.InFlight.Count, s.Received, s.Skipped, s.Notification);

    /// <summary>Outside the gate: the callback may read the stats.</summary>
    private void ReportDeparture(SubscriberStats stats)
    {
        try
        {
            Options.SubscriberLeft?.Invoke(stats);
        }
        catch (Exception e)
        {
            // Called on a connection's thread: the user's failure must not end it before it is cleaned up.
            Logger(TransportLogLevel.Error, $"Topic '{Topic}': the SubscriberLeft callback failed for subscriber pid {stats.ProcessId}: {e}");
        }
    }

    private void ReleaseOneHolder(ulong sequence)
    {
        // Absent only after Dispose cleared the table while a connection was still closing.
        ref var sample = ref CollectionsMarshal.GetValueRefOrNullRef(_inFlight, sequence);
        if (Unsafe.IsNullRef(ref sample) || --sample.Pending > 0)
            return;
        var slot = sample.Slot;
        _inFlight.Remove(sequence);
        if (!_disposed)
            _pool.Free(slot);
    }

    /// <summary>
    /// The acceptor's hand-off of a complete hello: refused (the reason is returned and the acceptor
    /// answers it), or given a reserved place and a thread of its own.
    /// </summary>
    private string? Admit(PendingHandshake pending)
    {
        string? refusal = Hello.RefusalFor(pending.Hello!) ?? ReservePlace();
        if (refusal is not null)
            return refusal;
        var connection = new SubscriberConnection(this, pending);
        lock (_gate)
        {
            if (_disposed)
            {
                _reservedPlaces--;
                return $"The publisher of topic '{Topic}' is shutting down.";
            }
            _connections.Add(connection);
        }
        connection.Start();
        return null;
    }

    private void WarnAboutHeldSamples()
    {
        var warnings = new List<string>();
        lock (_gate)
        {
            CatchUpOnAllRingDropsLocked();
            long now = Stopwatch.GetTimestamp();
            foreach (var sequence in _inFlight.Keys.ToArray())
            {
                ref var sample = ref CollectionsMarshal.GetValueRefOrNullRef(_inFlight, sequence);
                var age = Stopwatch.GetElapsedTime(sample.SentAt, now);
                if (sample.Warned || age < Options.HeldWarningAfter)
                    continue;
                sample.Warned = true;
                var holders = _subscribers.Where(s => s.InFlight.Sequences.Contains(sequence)).Select(s => s.ProcessId.ToString());
                warnings.Add($"Topic '{Topic}': sample {sequence} has been held for {age.TotalSeconds:0.0} s (limit {Options.HeldWarningAfter.TotalSeconds:0.###} s) by subscriber pid {string.Join(", ", holders)}; release received samples (Dispose) when done with them.");
            }
        }
        foreach (var warning in warnings)
            Logger(TransportLogLevel.Warning, warning);
    }

    private PoolExhaustedException Exhausted(int length, ExhaustionPolicy policy) => new(
        $"Topic '{Topic}': no room for a sample of {length} bytes: the pool is at its limit ({_pool.Segments.Count} segments, " +
        $"{_pool.TotalBytes} bytes) and {_inFlight.Count} sent samples are still held by subscribers, {_loaned} loaned" +
        (policy == ExhaustionPolicy.Block ? $", after waiting {Options.BlockTimeout}" : "") +
        ". Release received samples sooner, raise PublisherOptions.Pool limits, or use ExhaustionPolicy.Grow.");

    /// <summary>Says goodbye to every subscriber, removes the topic socket, and releases the pool (mappings live on in samples still held).</summary>
    public void Dispose()
    {
        SubscriberConnection[] connections;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            connections = _connections.ToArray();
            Monitor.PulseAll(_gate);
        }
        _heldTimer?.Dispose();
        _acceptor.Dispose();
        if (FileStatus.OfPath(_socketPath) is { } status && status.Inode == _socketInode)
            File.Delete(_socketPath);
        lock (_sendLock)
        {
            foreach (var connection in connections)
            {
                connection.SendGoodbyeAndClose();
                connection.Join(TimeSpan.FromSeconds(5));
            }
            lock (_gate)
            {
                _inFlight.Clear();
                _pool.Dispose();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A struct so a send allocates no entry; updated in place through a reference into the table.</summary>
    private struct InFlightSample(SampleSlot slot, int length, long sentAt, int pending)
    {
        public readonly SampleSlot Slot = slot;
        public readonly int Length = length;
        public readonly long SentAt = sentAt;
        public int Pending = pending;
        public bool Warned;
    }
}

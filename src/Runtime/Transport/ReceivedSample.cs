namespace Quiver.Transport;

/// <summary>
/// A sample received from a publisher: a read-only view straight into shared memory. It is
/// reference counted: the sample itself holds one reference, every <see cref="Retain"/> lease
/// another (e.g. the owner of a record batch or of a C Data export made from it). When the last
/// one is released the memory is given back to the publisher with a drop token. The memory
/// stays mapped until then even if the publisher has gone.
/// A finalizer releases a sample that was never disposed; it is a safety net, not the normal path.
/// </summary>
public sealed class ReceivedSample : IDisposable
{
    private readonly Subscriber _owner;
    private readonly SampleHandle _handle;
    private int _references = 1;
    private int _disposed;

    internal ReceivedSample(Subscriber owner, in SampleHandle handle)
    {
        _owner = owner;
        _handle = handle;
    }

    ~ReceivedSample() => ReleaseAll();

    public ulong Sequence => _handle.Sequence;

    /// <summary>When the publisher sent it: nanoseconds since the Unix epoch (its wall clock).</summary>
    public long TimestampNanoseconds => _handle.TimestampNanoseconds;

    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    public int Length => _handle.Length;

    public bool IsReleased => Volatile.Read(ref _references) == 0;

    /// <summary>The sample's bytes in shared memory; throws once the sample is released.</summary>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsReleased || Volatile.Read(ref _disposed) != 0, this);
            return _handle.Memory;
        }
    }

    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>An extra reference that keeps the memory valid until the returned lease is disposed.</summary>
    public IDisposable Retain()
    {
        int current = Volatile.Read(ref _references);
        while (true)
        {
            ObjectDisposedException.ThrowIf(current == 0, this);
            int seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
                return new Lease(this);
            current = seen;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            ReleaseOne();
    }

    private void ReleaseOne()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            Released(fromFinalizer: false);
    }

    // Unreachable from the finalizer means no lease is left either (a lease references its sample).
    private void ReleaseAll()
    {
        if (Interlocked.Exchange(ref _references, 0) > 0)
            Released(fromFinalizer: true);
    }

    private void Released(bool fromFinalizer)
    {
        GC.SuppressFinalize(this);
        _owner.Release(_handle, fromFinalizer);
    }

    private sealed class Lease(ReceivedSample sample) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                sample.ReleaseOne();
        }
    }
}

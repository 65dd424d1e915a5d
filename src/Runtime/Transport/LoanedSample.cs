using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// A sample loaned from a publisher's pool: write the message into <see cref="Memory"/> (shared
/// memory, 64-byte aligned) and pass it to <see cref="Publisher.Send(LoanedSample)"/>. Disposing
/// a loan that was not sent returns it to the pool; after either, the memory may not be touched.
/// A loan that is dropped without either is returned by its finalizer, with a warning: a safety
/// net so a forgotten loan cannot pin pool memory forever.
/// </summary>
public sealed class LoanedSample : IDisposable
{
    private const int Loaned = 0, Sent = 1, Returned = 2;

    private readonly Publisher _owner;
    private readonly SampleSlot _slot;
    private readonly SharedMemorySegment _segment;
    private readonly Memory<byte> _memory;
    private int _state;

    /// <summary>Holds a reference on <paramref name="segment"/> (taken by the caller) so the mapping outlives a disposed publisher.</summary>
    internal LoanedSample(Publisher owner, SampleSlot slot, SharedMemorySegment segment)
    {
        _owner = owner;
        _slot = slot;
        _segment = segment;
        _memory = segment.GetWritableMemory(slot.Offset, slot.Length);
    }

    ~LoanedSample()
    {
        if (Interlocked.CompareExchange(ref _state, Returned, Loaned) != Loaned)
            return;
        _owner.Logger(TransportLogLevel.Warning, $"Topic '{_owner.Topic}': a loaned sample of {Length} bytes was neither sent nor disposed; returned to the pool by its finalizer.");
        _owner.Return(_slot);
        _segment.Release();
    }

    public int Length => _slot.Length;

    public Memory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) != Loaned, this);
            return _memory;
        }
    }

    public Span<byte> Span => Memory.Span;

    /// <summary>Where the sample lives; for diagnostics and tests.</summary>
    public SampleSlot Slot => _slot;

    internal SampleSlot TakeForSend(Publisher publisher)
    {
        if (!ReferenceEquals(publisher, _owner))
            throw new ArgumentException("This sample was loaned by another publisher.");
        if (Interlocked.CompareExchange(ref _state, Sent, Loaned) != Loaned)
            throw new InvalidOperationException("This sample was already sent or disposed.");
        return _slot;
    }

    /// <summary>Called once the send is complete: the memory is the subscribers' now.</summary>
    internal void ReleaseSegment()
    {
        GC.SuppressFinalize(this);
        _segment.Release();
    }

    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _state, Returned, Loaned) == Loaned)
        {
            GC.SuppressFinalize(this);
            _owner.Return(_slot);
            _segment.Release();
        }
    }
}

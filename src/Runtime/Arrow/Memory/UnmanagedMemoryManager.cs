using System.Buffers;

namespace Quiver.Arrow.Memory;

/// <summary>
/// Exposes a native memory region (an mmap, a foreign C Data buffer, NativeMemory) as
/// <see cref="Memory{T}"/> so array views can point straight into it.
/// It does not own the region: whoever created it keeps the region alive and mapped for as
/// long as any view made from <see cref="MemoryManager{T}.Memory"/> is in use.
/// </summary>
public sealed unsafe class UnmanagedMemoryManager : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;

    public UnmanagedMemoryManager(byte* pointer, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (pointer == null && length != 0)
            throw new ArgumentNullException(nameof(pointer), "A non-empty region needs an address.");
        _pointer = pointer;
        _length = length;
    }

    public UnmanagedMemoryManager(nint pointer, int length) : this((byte*)pointer, length) { }

    public byte* Pointer => _pointer;
    public int Length => _length;

    public override Span<byte> GetSpan() => new(_pointer, _length);

    // Native memory never moves, so pinning is just handing out the address.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length)
            throw new ArgumentOutOfRangeException(nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}

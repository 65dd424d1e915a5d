namespace Quiver.Arrow.Memory;

/// <summary>
/// One Arrow buffer: a read-only window on memory someone else owns (a managed array, a native
/// region, a shared-memory sample). Copying the struct never copies the bytes.
/// </summary>
public readonly struct ArrowBuffer
{
    public static readonly ArrowBuffer Empty = default;

    public ArrowBuffer(ReadOnlyMemory<byte> memory) => Memory = memory;

    public ReadOnlyMemory<byte> Memory { get; }
    public ReadOnlySpan<byte> Span => Memory.Span;
    public int Length => Memory.Length;
    public bool IsEmpty => Memory.IsEmpty;

    public static implicit operator ArrowBuffer(byte[] bytes) => new(bytes);
}

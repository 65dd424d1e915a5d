using System.Runtime.InteropServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>
/// A typed, read-only view over an <see cref="ArrayData"/>. Views allocate once when created and
/// never per element; slot indexes are relative to the view's window.
/// </summary>
public abstract class ArrowArray
{
    private protected ArrowArray(ArrayData data) => Data = data;

    public ArrayData Data { get; }
    public ArrowType Type => Data.Type;
    public int Length => Data.Length;
    public int NullCount => Data.NullCount;

    public bool IsValid(int index) => Data.IsValid(index);
    public bool IsNull(int index) => !Data.IsValid(index);

    /// <summary>A view of slots [offset, offset + length); shares the buffers.</summary>
    public ArrowArray Slice(int offset, int length) => ArrowArrayFactory.Create(Data.Slice(offset, length));

    /// <summary>
    /// Brings the child views this view made and keeps (struct fields are windows of their own)
    /// in line with its <see cref="Data"/> after that was rebound in place to another message.
    /// </summary>
    internal virtual void Rebound()
    {
    }

    private protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Data.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Data.Length} slots.");
    }

    /// <summary>The 32-bit offsets (buffer 1) of a list or map, this array's window of them.</summary>
    private protected ReadOnlySpan<int> Int32Offsets => Data.Length == 0 && Data.Buffers[1].IsEmpty
        ? default
        : MemoryMarshal.Cast<byte, int>(Data.Buffers[1].Span).Slice(Data.Offset, Data.Length + 1);

    /// <summary>[start, end) of slot <paramref name="index"/> of a list or map, in its unsliced child.</summary>
    private protected (int Start, int End) Int32Range(int index)
    {
        CheckIndex(index);
        var offsets = MemoryMarshal.Cast<byte, int>(Data.Buffers[1].Span);
        return (offsets[Data.Offset + index], offsets[Data.Offset + index + 1]);
    }

    public override string ToString() => $"{Type} [{Length}]";
}

using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow;

/// <summary>
/// The physical form of one Arrow array: its buffers in the order the IPC format and the
/// C Data Interface use (validity first, then offsets / values / data), its children, and the
/// logical window (<see cref="Offset"/>, <see cref="Length"/>) on them.
/// Construction trusts its input; anything that came from a peer, a file or a foreign library
/// goes through <see cref="ArrayDataValidator"/> before a view is made over it.
/// The IPC reader of <see cref="Ipc.ReusableRecordBatchReader"/> rebinds an array to the next
/// message in place (<see cref="Rebind"/>), so its views are reused rather than made again.
/// </summary>
public sealed class ArrayData
{
    public const int UnknownNullCount = -1;

    private int _nullCount;

    public ArrayData(ArrowType type, int length, int nullCount, int offset, ArrowBuffer[] buffers, ArrayData[]? children = null, ArrayData? dictionary = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(nullCount, UnknownNullCount);
        Type = type;
        Length = length;
        Offset = offset;
        _nullCount = nullCount;
        Buffers = buffers;
        Children = children ?? [];
        Dictionary = dictionary;
    }

    public ArrowType Type { get; }
    public int Length { get; private set; }
    public int Offset { get; private set; }
    public ArrowBuffer[] Buffers { get; }
    public ArrayData[] Children { get; }

    /// <summary>
    /// The values a dictionary-encoded array's indices point into (<see cref="DictionaryType"/>);
    /// null for every other type. Readers set it when they bind the array to a message.
    /// </summary>
    public ArrayData? Dictionary { get; internal set; }

    /// <summary>The null count as given at construction, <see cref="UnknownNullCount"/> if it was not.</summary>
    internal int DeclaredNullCount => _nullCount;

    /// <summary>The validity bitmap, empty when every slot is valid.</summary>
    public ReadOnlySpan<byte> ValidityBitmap => Buffers.Length == 0 ? default : Buffers[0].Span;

    /// <summary>Null slots in the window; counted from the bitmap on first use after a slice.</summary>
    public int NullCount
    {
        get
        {
            if (_nullCount == UnknownNullCount)
                _nullCount = ComputeNullCount();
            return _nullCount;
        }
    }

    public bool IsValid(int index)
    {
        if ((uint)index >= (uint)Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Length} slots.");
        if (Type.Id == ArrowTypeId.Null)
            return false;
        var bitmap = ValidityBitmap;
        return bitmap.IsEmpty || BitUtil.GetBit(bitmap, Offset + index);
    }

    /// <summary>A window on the same buffers; no byte is copied.</summary>
    public ArrayData Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Length || (uint)length > (uint)(Length - offset))
            throw new ArgumentOutOfRangeException(nameof(offset), $"Slice [{offset}, {offset}+{length}) is outside an array of {Length}.");
        var nullCount = NullCount == 0 ? 0 : Type.Id == ArrowTypeId.Null ? length : UnknownNullCount;
        return new ArrayData(Type, length, nullCount, Offset + offset, Buffers, Children, Dictionary);
    }

    /// <summary>
    /// Points this array at another message: its <see cref="Buffers"/> and <see cref="Children"/>
    /// have been refilled in place by the caller, which validates the result before any view reads it.
    /// </summary>
    internal void Rebind(int length, int nullCount)
    {
        Length = length;
        Offset = 0;
        _nullCount = nullCount;
    }

    /// <summary>Makes this array the window [<paramref name="offset"/>, +<paramref name="length"/>) of <paramref name="source"/> again, as <see cref="Slice"/> made it, after <paramref name="source"/> was rebound.</summary>
    internal void RebindSlice(ArrayData source, int offset, int length)
    {
        Length = length;
        Offset = source.Offset + offset;
        Dictionary = source.Dictionary;
        _nullCount = source.NullCount == 0 ? 0 : Type.Id == ArrowTypeId.Null ? length : UnknownNullCount;
    }

    /// <summary>Empties this array and its children: no slot, no buffer, no reference to the memory of the message it was bound to.</summary>
    internal void Unbind()
    {
        Rebind(0, 0);
        Array.Clear(Buffers);
        Dictionary = null;
        foreach (var child in Children)
            child.Unbind();
    }

    private int ComputeNullCount()
    {
        if (Type.Id == ArrowTypeId.Null)
            return Length;
        var bitmap = ValidityBitmap;
        return bitmap.IsEmpty ? 0 : Length - BitUtil.CountSetBits(bitmap, Offset, Length);
    }
}

using System.Runtime.InteropServices;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Variable-length bytes with 32-bit offsets. The values of all slots together fill exactly the
/// value bytes declared for the field; <see cref="AppendInPlace"/> returns a slot's bytes in the
/// target so a payload (an image, a serialized blob) is produced where it will be read, with no copy.
/// </summary>
public class BinaryColumnBuilder : ColumnBuilder
{
    private Memory<byte> _offsets;
    private Memory<byte> _data;
    private int _written;

    internal BinaryColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) => Bind(node, body);

    /// <summary>The value bytes declared for the whole array.</summary>
    public int DeclaredValueBytes => _data.Length;

    /// <summary>The value bytes appended so far.</summary>
    public int ValueBytesWritten => _written;

    public void Append(ReadOnlySpan<byte> value) => value.CopyTo(AppendInPlace(value.Length));

    /// <summary>
    /// Appends a valid slot of <paramref name="length"/> bytes and returns them in the target for the
    /// caller to fill; every byte must be written, since the target may hold old data.
    /// </summary>
    public Span<byte> AppendInPlace(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _data.Length - _written)
            throw TooFewBytesLeft(length);
        var slot = BeginSlot(valid: true);
        var start = _written;
        CommitBytes(slot, length);
        return _data.Span.Slice(start, length);
    }

    /// <summary>The declared bytes not yet appended, for writers that learn a value's length while producing it.</summary>
    private protected Span<byte> RemainingBytes => _data.Span[_written..];

    /// <summary>Records a slot of <paramref name="length"/> bytes whose content is already in place after the previous slot.</summary>
    private protected void CommitBytes(int slot, int length)
    {
        _written += length;
        Offsets[slot + 1] = _written;
    }

    private protected InvalidOperationException TooFewBytesLeft(int needed) =>
        Mistake($"slot {Count} needs {needed} value bytes but only {_data.Length - _written} of the {_data.Length} declared are left");

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Bind(node, body);

    private protected override void WriteEmptySlot(int slot) => Offsets[slot + 1] = _written;

    private protected override void CompleteContent(IpcFieldNode[] nodes)
    {
        if (_written != _data.Length)
            throw Mistake($"{_data.Length} value bytes were declared but {_written} were written");
    }

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_offsets), new ArrowBuffer(_data)]);

    private void Bind(PlannedNode node, BodyRegions body)
    {
        _offsets = body.Buffer(node.FirstBuffer + 1);
        _data = body.Buffer(node.FirstBuffer + 2);
        _written = 0;
        Offsets[0] = 0;
    }

    private Span<int> Offsets => MemoryMarshal.Cast<byte, int>(_offsets.Span);
}

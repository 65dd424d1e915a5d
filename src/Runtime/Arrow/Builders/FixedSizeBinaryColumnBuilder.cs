using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>Values of exactly <see cref="ByteWidth"/> bytes each; a null slot is zeros.</summary>
public sealed class FixedSizeBinaryColumnBuilder : ColumnBuilder
{
    private Memory<byte> _data;

    internal FixedSizeBinaryColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body)
    {
        Bind(node, body);
        ByteWidth = ((FixedSizeBinaryType)node.Field.Type).ByteWidth;
    }

    public int ByteWidth { get; }

    public void Append(ReadOnlySpan<byte> value)
    {
        if (value.Length != ByteWidth)
            throw new ArgumentException($"Field '{Path}' ({Type}) takes values of exactly {ByteWidth} bytes, not {value.Length}.", nameof(value));
        value.CopyTo(AppendInPlace());
    }

    /// <summary>Appends a valid slot and returns its <see cref="ByteWidth"/> bytes in the target; the caller writes all of them.</summary>
    public Span<byte> AppendInPlace() => Slot(BeginSlot(valid: true));

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Bind(node, body);

    private protected override void WriteEmptySlot(int slot) => Slot(slot).Clear();

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_data)]);

    private void Bind(PlannedNode node, BodyRegions body) => _data = body.Buffer(node.FirstBuffer + 1);

    private Span<byte> Slot(int slot) => _data.Span.Slice(slot * ByteWidth, ByteWidth);
}

using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>Booleans, one bit each; each byte of the values bitmap is stored once, when its eight bits are known.</summary>
public sealed class BooleanColumnBuilder : ColumnBuilder
{
    private BitmapWriter _values;

    internal BooleanColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) => Bind(node, body);

    public void Append(bool value)
    {
        BeginSlot(valid: true);
        _values.Append(value);
    }

    public void Append(ReadOnlySpan<bool> values)
    {
        BeginSlots(values.Length, valid: true);
        foreach (var value in values)
            _values.Append(value);
    }

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Bind(node, body);

    private protected override void WriteEmptySlot(int slot) => _values.Append(false);

    private protected override void CompleteContent(IpcFieldNode[] nodes) => _values.Finish();

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_values.Bitmap)]);

    private void Bind(PlannedNode node, BodyRegions body) => _values = new BitmapWriter(body.Buffer(node.FirstBuffer + 1));
}

using System.Numerics;
using Quiver.Arrow.Decimals;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// decimal128 and decimal256 values, written as the unscaled integer at the column's scale. A
/// value with more digits after the point than the scale, or more digits than the precision, is
/// refused with <see cref="OverflowException"/>, never rounded; the slot is then not appended.
/// </summary>
public sealed class DecimalColumnBuilder : ColumnBuilder
{
    private Memory<byte> _values;

    internal DecimalColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) => Bind(node, body);

    public DecimalType DecimalType => (DecimalType)Type;

    private int ByteWidth => DecimalType.BitWidth / 8;

    /// <summary>Appends <paramref name="value"/>, rescaled exactly to the column's scale.</summary>
    public void Append(decimal value) => AppendUnscaled(DecimalValues.FromDecimal(value, DecimalType.Scale));

    /// <summary>Appends the value <paramref name="unscaled"/> × 10^-scale.</summary>
    public void AppendUnscaled(BigInteger unscaled)
    {
        RequireRoom(1);
        DecimalValues.CheckPrecision(unscaled, DecimalType.Precision);
        var slot = BeginSlot(valid: true);
        DecimalValues.WriteUnscaled(unscaled, DecimalType.Precision, _values.Span.Slice(slot * ByteWidth, ByteWidth));
    }

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Bind(node, body);

    private protected override void WriteEmptySlot(int slot) => _values.Span.Slice(slot * ByteWidth, ByteWidth).Clear();

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_values)]);

    private void Bind(PlannedNode node, BodyRegions body) => _values = body.Buffer(node.FirstBuffer + 1);
}

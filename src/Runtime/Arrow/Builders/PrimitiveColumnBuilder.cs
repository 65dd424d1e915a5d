using System.Runtime.InteropServices;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Fixed-width values (integers, floats, and the integer form of dates, times, timestamps and
/// durations) written into the values buffer. <see cref="AppendInPlace"/> hands out the values
/// slots themselves, so a caller holding the data fills the column with one copy or computes it in place.
/// </summary>
public class PrimitiveColumnBuilder<T> : ColumnBuilder where T : unmanaged
{
    private Memory<byte> _values;

    internal PrimitiveColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) => Bind(node, body);

    public void Append(T value) => Values[BeginSlot(valid: true)] = value;

    public void Append(ReadOnlySpan<T> values) => values.CopyTo(AppendInPlace(values.Length));

    /// <summary>
    /// Appends <paramref name="count"/> valid slots and returns their values in the target for the
    /// caller to fill; every element must be written, since the target may hold old data.
    /// </summary>
    public Span<T> AppendInPlace(int count)
    {
        var first = BeginSlots(count, valid: true);
        return Values.Slice(first, count);
    }

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Bind(node, body);

    private protected override void WriteEmptySlot(int slot) => Values[slot] = default;

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_values)]);

    private void Bind(PlannedNode node, BodyRegions body) => _values = body.Buffer(node.FirstBuffer + 1);

    private Span<T> Values => MemoryMarshal.Cast<byte, T>(_values.Span);
}

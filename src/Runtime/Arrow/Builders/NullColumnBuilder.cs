using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>The null type: every slot is null and nothing is stored.</summary>
public sealed class NullColumnBuilder : ColumnBuilder
{
    internal NullColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    public void AppendNulls(int count) => BeginSlots(count, valid: false);

    private protected override bool AcceptsNulls => true;

    private protected override void RebindContent(PlannedNode node, BodyRegions body) { }

    private protected override void WriteEmptySlot(int slot) { }

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, []);
}

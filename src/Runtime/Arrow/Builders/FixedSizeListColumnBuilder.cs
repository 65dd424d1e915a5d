using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Lists of exactly <see cref="ListSize"/> elements. <see cref="Append"/> marks a valid list; its
/// elements go to <see cref="Values"/>. A null list still owns <see cref="ListSize"/> element
/// slots, which <see cref="ColumnBuilder.AppendNull"/> fills itself.
/// </summary>
public sealed class FixedSizeListColumnBuilder : ColumnBuilder
{
    internal FixedSizeListColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body)
    {
        ListSize = ((FixedSizeListType)node.Field.Type).ListSize;
        Values = ColumnBuilderFactory.Create(node.Children[0], body);
    }

    public int ListSize { get; }

    /// <summary>The builder of the elements of all lists, in order: <see cref="ListSize"/> per list.</summary>
    public ColumnBuilder Values { get; }

    /// <summary>Appends a valid list; the caller appends its <see cref="ListSize"/> elements to <see cref="Values"/>.</summary>
    public void Append() => BeginSlot(valid: true);

    internal override void CollectDictionaries(List<DictionaryColumnBuilder> dictionaries) => Values.CollectDictionaries(dictionaries);

    private protected override void RebindContent(PlannedNode node, BodyRegions body) => Values.Rebind(node.Children[0], body);

    private protected override void WriteEmptySlot(int slot)
    {
        // The placeholders must land on this list's element slots, so earlier lists must be complete.
        if (Values.Count != (long)slot * ListSize)
            throw Mistake($"list {slot} is null, so its {ListSize} elements are filled in, but the elements of the lists before it are not all appended ({Values.Count} of {(long)slot * ListSize})");
        for (var i = 0; i < ListSize; i++)
            Values.AppendPlaceholder();
    }

    private protected override void CompleteContent(IpcFieldNode[] nodes) => Values.Complete(nodes);

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity], [Values.ToArrayData(nodes)]);
}

using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// One child builder per member. <see cref="Append"/> marks a valid slot; the caller then appends
/// one slot to every member. A null slot still has a slot in every member, which
/// <see cref="ColumnBuilder.AppendNull"/> fills itself (null, or an empty value for a member that
/// is not nullable).
/// </summary>
public sealed class StructColumnBuilder : ColumnBuilder
{
    private readonly ColumnBuilder[] _members;

    internal StructColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body)
    {
        _members = new ColumnBuilder[node.Children.Length];
        for (var i = 0; i < _members.Length; i++)
            _members[i] = ColumnBuilderFactory.Create(node.Children[i], body);
        StructType = (StructType)node.Field.Type;
    }

    public StructType StructType { get; }

    public IReadOnlyList<ColumnBuilder> Members => _members;

    public ColumnBuilder Member(int index) => _members[index];

    public ColumnBuilder Member(string name)
    {
        foreach (var member in _members)
        {
            if (member.Field.Name == name)
                return member;
        }
        throw new KeyNotFoundException($"Struct '{Path}' has no member '{name}'.");
    }

    /// <summary>Appends a valid slot; the caller appends one slot to every member.</summary>
    public void Append() => BeginSlot(valid: true);

    internal override void CollectDictionaries(List<DictionaryColumnBuilder> dictionaries)
    {
        foreach (var member in _members)
            member.CollectDictionaries(dictionaries);
    }

    private protected override void RebindContent(PlannedNode node, BodyRegions body)
    {
        for (var i = 0; i < _members.Length; i++)
            _members[i].Rebind(node.Children[i], body);
    }

    private protected override void WriteEmptySlot(int slot)
    {
        // The placeholders must land on this slot, so every member must have its earlier slots.
        foreach (var member in _members)
        {
            if (member.Count != slot)
                throw Mistake($"slot {slot} is null, so its members are filled in, but member '{member.Field.Name}' has {member.Count} slots appended, not {slot}");
        }
        foreach (var member in _members)
            member.AppendPlaceholder();
    }

    private protected override void CompleteContent(IpcFieldNode[] nodes)
    {
        foreach (var member in _members)
            member.Complete(nodes);
    }

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity], _members.Select(member => member.ToArrayData(nodes)).ToArray());
}

using System.Runtime.InteropServices;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Variable-length lists with 32-bit offsets. <see cref="Append"/> gives a list's length; its
/// elements go to <see cref="Values"/>, in order, before or after the lengths (so the values of
/// many lists can be filled in one bulk call). The lengths add up to the declared list elements.
/// Maps are written by this builder too: a map is a list of entries, and <see cref="Values"/> is
/// then the entries' <see cref="StructColumnBuilder"/>, whose members are the keys and the values.
/// </summary>
public sealed class ListColumnBuilder : ColumnBuilder
{
    private Memory<byte> _offsets;
    private int _declaredElements;
    private int _elements;

    internal ListColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body)
    {
        Bind(node, body);
        Values = ColumnBuilderFactory.Create(node.Children[0], body);
    }

    /// <summary>The builder of the elements of all lists, in order.</summary>
    public ColumnBuilder Values { get; }

    /// <summary>The elements declared for all lists together.</summary>
    public int DeclaredElements => _declaredElements;

    /// <summary>Appends a valid list of <paramref name="length"/> elements; the caller appends them to <see cref="Values"/>.</summary>
    public void Append(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _declaredElements - _elements)
            throw Mistake($"list {Count} has {length} elements but only {_declaredElements - _elements} of the {_declaredElements} declared are left");
        var slot = BeginSlot(valid: true);
        _elements += length;
        Offsets[slot + 1] = _elements;
    }

    internal override void CollectDictionaries(List<DictionaryColumnBuilder> dictionaries) => Values.CollectDictionaries(dictionaries);

    private protected override void RebindContent(PlannedNode node, BodyRegions body)
    {
        Bind(node, body);
        Values.Rebind(node.Children[0], body);
    }

    private protected override void WriteEmptySlot(int slot) => Offsets[slot + 1] = _elements;

    private protected override void CompleteContent(IpcFieldNode[] nodes)
    {
        if (_elements != _declaredElements)
            throw Mistake($"{_declaredElements} list elements were declared but the lists appended hold {_elements}");
        Values.Complete(nodes);
    }

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_offsets)], [Values.ToArrayData(nodes)]);

    private void Bind(PlannedNode node, BodyRegions body)
    {
        _offsets = body.Buffer(node.FirstBuffer + 1);
        _declaredElements = node.DeclaredSize;
        _elements = 0;
        Offsets[0] = 0;
    }

    private Span<int> Offsets => MemoryMarshal.Cast<byte, int>(_offsets.Span);
}

using System.Diagnostics.CodeAnalysis;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Writes one array of a planned batch straight into its buffers in the target: slot by slot, in
/// order, each byte once. A column has exactly <see cref="Length"/> slots (the row count for a
/// top-level column, the declared elements for a list's values, ...). Appending more slots or
/// bytes than planned throws at once; fewer is reported by <see cref="RecordBatchWriter.Finish"/>.
/// Both are caller bugs and throw <see cref="InvalidOperationException"/> naming the field.
/// <see cref="RecordBatchWriter.Reset"/> rebinds a builder to the same array of another layout of
/// its schema, forgetting what was appended: a builder stays the same object across messages.
/// </summary>
public abstract class ColumnBuilder
{
    private readonly bool _hasValidity;
    private int _nodeIndex;
    private BitmapWriter _validity;

    private protected ColumnBuilder(PlannedNode node, BodyRegions body)
    {
        _hasValidity = node.HasValidity;
        BindSlots(node, body);
    }

    public Field Field { get; private set; }
    public ArrowType Type => Field.Type;

    /// <summary>The field names from the batch's column down to this array, joined by dots.</summary>
    public string Path { get; private set; }

    /// <summary>The slots the layout plans for this array.</summary>
    public int Length { get; private set; }

    /// <summary>The slots appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a null slot. Throws for a field that is not nullable.</summary>
    public void AppendNull() => WriteEmptySlot(BeginSlot(valid: false));

    /// <summary>This builder as the concrete builder its type uses, e.g. <c>As&lt;StringColumnBuilder&gt;()</c>.</summary>
    public TBuilder As<TBuilder>() where TBuilder : ColumnBuilder =>
        this as TBuilder ?? throw new InvalidCastException(
            $"Field '{Path}' ({Type}) is written with {Describe(GetType())}, not {Describe(typeof(TBuilder))}.");

    public override string ToString() => $"{Path}: {Type} [{Count}/{Length}]";

    /// <summary>
    /// Fills a slot under a null parent (a null struct or fixed-size list still has child slots):
    /// null when the field allows it, otherwise an empty value (0, empty string, empty list).
    /// </summary>
    internal void AppendPlaceholder() => WriteEmptySlot(BeginSlot(valid: !AcceptsNulls));

    /// <summary>
    /// Checks the array (children included) got its planned slots and declared sizes, stores the
    /// last partial bitmap bytes and records its field node: afterwards the body in the target is
    /// final. The views over it are made only if asked for (<see cref="ToArrayData"/>).
    /// </summary>
    internal void Complete(IpcFieldNode[] nodes)
    {
        if (Count != Length)
            throw Mistake($"the layout plans {Length} slots but {Count} were appended");
        var nullCount = 0;
        if (_hasValidity)
        {
            _validity.Finish();
            nullCount = _validity.UnsetCount;
        }
        else if (Type is NullType)
        {
            nullCount = Length;
        }
        CompleteContent(nodes);
        nodes[_nodeIndex] = new IpcFieldNode(Length, nullCount);
    }

    /// <summary>
    /// Points this builder (children included) at <paramref name="node"/>'s regions of a new body,
    /// with no slot appended. <paramref name="node"/> is the same array in a layout of the same
    /// schema, so the type, the children and the buffer indices are the ones this builder was made
    /// for; only lengths, declared sizes and regions differ.
    /// </summary>
    internal void Rebind(PlannedNode node, BodyRegions body)
    {
        BindSlots(node, body);
        RebindContent(node, body);
    }

    /// <summary>The array as views over the target (children included), given the field nodes <see cref="Complete"/> recorded.</summary>
    internal ArrayData ToArrayData(IpcFieldNode[] nodes) =>
        BuildArray(_hasValidity ? new ArrowBuffer(_validity.Bitmap) : ArrowBuffer.Empty, (int)nodes[_nodeIndex].NullCount, nodes);

    /// <summary>Adds the dictionary-encoded builders of this array and its children, depth first.</summary>
    internal virtual void CollectDictionaries(List<DictionaryColumnBuilder> dictionaries)
    {
    }

    /// <summary>Points the content buffers and the children at the new body and forgets what they were given.</summary>
    private protected abstract void RebindContent(PlannedNode node, BodyRegions body);

    /// <summary>Writes the content of a slot that holds no value: zeros, a repeated offset, placeholder children.</summary>
    private protected abstract void WriteEmptySlot(int slot);

    /// <summary>Checks declared sizes were met, stores what is still pending and completes the children.</summary>
    private protected virtual void CompleteContent(IpcFieldNode[] nodes)
    {
    }

    /// <summary>Builds the array over the target (children through their own <see cref="ToArrayData"/>).</summary>
    private protected abstract ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes);

    private protected virtual bool AcceptsNulls => Field.Nullable;

    /// <summary>Claims the next slot and records its validity; returns the slot's index.</summary>
    private protected int BeginSlot(bool valid)
    {
        RequireRoom(1);
        if (!valid && !AcceptsNulls)
            throw Mistake("the field is not nullable, so it cannot take a null");
        if (_hasValidity)
            _validity.Append(valid);
        return Count++;
    }

    /// <summary>Claims the next <paramref name="count"/> slots, all valid or all null; returns the first one's index.</summary>
    private protected int BeginSlots(int count, bool valid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        RequireRoom(count);
        if (!valid && !AcceptsNulls)
            throw Mistake("the field is not nullable, so it cannot take a null");
        if (_hasValidity)
            _validity.AppendRun(valid, count);
        var first = Count;
        Count += count;
        return first;
    }

    private protected void RequireRoom(int slots)
    {
        if (slots > Length - Count)
            throw Mistake($"the layout plans {Length} slots and {Count} are appended, so {slots} more do not fit");
    }

    [MemberNotNull(nameof(Field), nameof(Path))]
    private void BindSlots(PlannedNode node, BodyRegions body)
    {
        _nodeIndex = node.Index;
        Field = node.Field;
        Path = node.Path;
        Length = node.Length;
        Count = 0;
        _validity = _hasValidity ? new BitmapWriter(body.Buffer(node.FirstBuffer)) : default;
    }

    private protected InvalidOperationException Mistake(string problem) => new($"Field '{Path}' ({Type}): {problem}.");

    private static string Describe(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Describe)) + ">"
        : type.Name;
}

using System.Runtime.InteropServices;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Dictionary-encoded strings (int32 indices into a dictionary of distinct UTF-8 values). Each
/// <see cref="Append(string)"/> writes the index in place; a value not seen before in this batch is
/// added to the dictionary. The dictionary's distinct values and their bytes are declared before
/// (<see cref="RecordBatchSizes.DeclareDictionary(int, int, int)"/>) and must be met exactly. The
/// dictionary is built in memory of the builder's own and copied into the message, as the
/// dictionary batch that precedes the record batch, when the prefix is written: a dictionary is
/// small next to the column it encodes, which is written in place.
/// </summary>
public sealed class DictionaryColumnBuilder : ColumnBuilder
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private Memory<byte> _indices;
    private PlannedDictionary _plan;
    private RecordBatchWriter _values;
    private FinishedRecordBatch _finishedValues;

    internal DictionaryColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body)
    {
        _plan = body.Dictionary(node.Index);
        _values = RecordBatchWriter.Allocate(_plan.Values!);
        _indices = body.Buffer(node.FirstBuffer + 1);
    }

    /// <summary>The distinct values declared for the dictionary.</summary>
    public int DeclaredValueCount => _plan.ValueCount;

    /// <summary>The distinct values in the dictionary so far.</summary>
    public int ValueCount => _positions.Count;

    /// <summary>Appends <paramref name="value"/>, or a null slot for null.</summary>
    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }
        RequireRoom(1);
        if (!_positions.TryGetValue(value, out var position))
        {
            position = _positions.Count;
            if (position == _plan.ValueCount)
                throw Mistake($"'{value}' would be distinct value {position + 1}, but the dictionary was declared with {_plan.ValueCount}");
            _values.Column<StringColumnBuilder>(0).Append(value);
            _positions.Add(value, position);
        }
        Indices[BeginSlot(valid: true)] = position;
    }

    /// <summary>Writes the dictionary batch of this array (its <paramref name="id"/>, the values' body) at the start of <paramref name="destination"/>; returns its length.</summary>
    internal int WriteDictionaryMessage(Span<byte> destination, long id)
    {
        var values = _finishedValues;
        DictionaryBatchWriter.WriteInto(destination, id, values.RowCount, values.FieldNodes, values.Buffers, values.Body.Span);
        return _plan.MessageLength;
    }

    internal override void CollectDictionaries(List<DictionaryColumnBuilder> dictionaries) => dictionaries.Add(this);

    private protected override void RebindContent(PlannedNode node, BodyRegions body)
    {
        _plan = body.Dictionary(node.Index);
        _indices = body.Buffer(node.FirstBuffer + 1);
        _positions.Clear();
        // The values' memory is the builder's: kept when the next dictionary fits, replaced when it does not.
        if (_values.Body.Length >= _plan.Values!.BodyLength)
            _values.Reset(_plan.Values, _values.Body);
        else
            _values = RecordBatchWriter.Allocate(_plan.Values);
        _finishedValues = default;
    }

    private protected override void WriteEmptySlot(int slot) => Indices[slot] = 0;

    private protected override void CompleteContent(IpcFieldNode[] nodes)
    {
        if (_positions.Count != _plan.ValueCount)
            throw Mistake($"the dictionary was declared with {_plan.ValueCount} distinct values but {_positions.Count} were appended");
        if (_plan.AddsPlaceholderValue)
            _values.Column<StringColumnBuilder>(0).Append("");
        _finishedValues = _values.Finish();
    }

    private protected override ArrayData BuildArray(ArrowBuffer validity, int nullCount, IpcFieldNode[] nodes) =>
        new(Type, Length, nullCount, 0, [validity, new ArrowBuffer(_indices)], dictionary: _finishedValues.Batch.Column(0).Data);

    private Span<int> Indices => MemoryMarshal.Cast<byte, int>(_indices.Span);
}

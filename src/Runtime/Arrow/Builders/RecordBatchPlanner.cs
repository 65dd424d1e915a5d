using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// Lays out a record batch body: walks the schema depth-first (the IPC order of field nodes and
/// buffers), gives every array its length, and places each buffer at the next 64-byte boundary.
/// Buffer regions carry the exact byte length of their content; the bytes up to the next boundary
/// are padding. The body ends on a boundary too, so whatever follows it stays aligned.
/// </summary>
internal sealed class RecordBatchPlanner
{
    private const int Alignment = 64;

    private readonly SchemaNodes _nodes;
    private readonly int[] _declared;
    private readonly int[] _dictionaryValues;
    private readonly List<PlannedDictionary> _dictionaries = [];
    private readonly IpcBufferRegion[] _buffers;
    private int _bufferCount;
    private long _position;
    private int _nodeCount;

    private RecordBatchPlanner(SchemaNodes nodes, int[] declared, int[] dictionaryValues)
    {
        _nodes = nodes;
        _declared = declared;
        _dictionaryValues = dictionaryValues;
        _buffers = new IpcBufferRegion[nodes.BufferCount];
    }

    /// <param name="declared">Copied: the layout keeps the sizes it was planned from.</param>
    /// <param name="dictionaryValues">The declared value count of each dictionary node (copied too).</param>
    public static RecordBatchLayout Plan(Schema schema, SchemaNodes nodes, int rowCount, int[] declared, int[] dictionaryValues)
    {
        var planner = new RecordBatchPlanner(nodes, declared, dictionaryValues);
        var columns = new PlannedNode[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
            columns[i] = planner.PlanNode(schema.Fields[i], rowCount);
        var valueSchemas = IpcSchemaLayout.Of(schema).DictionaryValueSchemas;
        var dictionaries = planner._dictionaries.Select((d, i) => d.WithValues(valueSchemas[i])).ToArray();
        return new RecordBatchLayout(schema, rowCount, (int[])declared.Clone(), (int[])dictionaryValues.Clone(), columns, planner._nodeCount, planner._buffers, (int)planner._position, dictionaries);
    }

    private PlannedNode PlanNode(Field field, long length)
    {
        var index = _nodeCount++;
        var path = _nodes.Paths[index];
        if (length > int.MaxValue)
            throw new InvalidOperationException($"Field '{path}' ({field.Type}) would have {length} slots; an array holds at most 2^31-1.");
        var count = (int)length;
        var declared = _declared[index];
        var firstBuffer = _bufferCount;
        if (field.Type.BufferCount > 0)
            AddBuffer(path, field.Nullable ? BitUtil.BytesForBits(count) : 0);

        var children = Array.Empty<PlannedNode>();
        switch (field.Type)
        {
            case NullType:
                break;
            case BooleanType:
                AddBuffer(path, BitUtil.BytesForBits(count));
                break;
            case IntType or FloatingPointType or DateType or TimeType or TimestampType or DurationType or DecimalType:
                AddBuffer(path, count * (long)(field.Type.FixedBitWidth / 8));
                break;
            case FixedSizeBinaryType binary:
                AddBuffer(path, count * (long)binary.ByteWidth);
                break;
            case Utf8Type or BinaryType:
                AddBuffer(path, (count + 1L) * sizeof(int));
                AddBuffer(path, declared);
                break;
            case ListType list:
                AddBuffer(path, (count + 1L) * sizeof(int));
                children = [PlanNode(list.ValueField, declared)];
                break;
            case MapType map:
                AddBuffer(path, (count + 1L) * sizeof(int));
                children = [PlanNode(map.EntriesField, declared)];
                break;
            case FixedSizeListType list:
                children = [PlanNode(list.ValueField, (long)count * list.ListSize)];
                break;
            case DictionaryType { IndexType: { BitWidth: 32, IsSigned: true }, ValueType: Utf8Type }:
                AddBuffer(path, count * (long)sizeof(int));
                _dictionaries.Add(new PlannedDictionary(index, _dictionaryValues[index], declared, null));
                break;
            case StructType st:
                children = new PlannedNode[st.Fields.Count];
                for (var i = 0; i < children.Length; i++)
                    children[i] = PlanNode(st.Fields[i], count);
                break;
            default:
                throw new ArrowNotSupportedException($"Quiver's builders do not write {field.Type} (field '{path}').");
        }
        return new PlannedNode(field, path, index, count, declared, firstBuffer, children);
    }

    /// <summary>Every supported type adds exactly <see cref="Types.ArrowType.BufferCount"/> regions, so <see cref="SchemaNodes.BufferCount"/> fills the array.</summary>
    private void AddBuffer(string path, long length)
    {
        var end = (_position + length + Alignment - 1) / Alignment * Alignment;
        if (end > int.MaxValue)
            throw new InvalidOperationException($"The batch body would exceed 2 GiB at field '{path}'; Quiver writes bodies of at most 2^31-1 bytes.");
        _buffers[_bufferCount++] = new IpcBufferRegion(_position, length);
        _position = end;
    }
}

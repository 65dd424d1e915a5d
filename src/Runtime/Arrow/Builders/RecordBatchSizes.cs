using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// The sizes a record batch's body depends on besides its row count, declared before anything is
/// written: the total value bytes of each string/binary array and the total elements of each list
/// array. Fixed-width arrays, fixed-size lists and structs follow from their parent's length.
/// Arrays are addressed by path (<c>labels</c>, <c>labels.item</c>, <c>pose.position.x</c>: field
/// names joined by dots, a list's values by their field's name) or by node index, the position in
/// the depth-first order the IPC format lists field nodes in (what generated code uses).
/// A size left undeclared is 0. <see cref="Plan"/> turns the declarations into a
/// <see cref="RecordBatchLayout"/>; declaring again replaces, so one instance can plan many batches.
/// </summary>
public sealed class RecordBatchSizes
{
    private readonly SchemaNodes _nodes;
    private readonly int[] _declared;
    private readonly int[] _dictionaryValues;

    public RecordBatchSizes(Schema schema, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        Schema = schema;
        RowCount = rowCount;
        _nodes = SchemaNodes.Of(schema);
        _declared = new int[_nodes.Fields.Length];
        _dictionaryValues = new int[_nodes.Fields.Length];
    }

    public Schema Schema { get; }
    public int RowCount { get; }

    /// <summary>How many arrays (IPC field nodes) the batch has, children included.</summary>
    public int FieldNodeCount => _nodes.Fields.Length;

    /// <summary>The depth-first node index of the array at <paramref name="path"/>.</summary>
    public int NodeIndex(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var index = Array.IndexOf(_nodes.Paths, path);
        if (index < 0)
            throw new ArgumentException($"The schema has no field at '{path}'. Its paths are: {string.Join(", ", _nodes.Paths)}.", nameof(path));
        return index;
    }

    /// <summary>The path of the array at depth-first node index <paramref name="node"/>.</summary>
    public string NodePath(int node) => _nodes.Paths[CheckNode(node)];

    /// <summary>Declares the total bytes of all values of a string or binary array.</summary>
    public RecordBatchSizes DeclareValueBytes(string path, int byteCount) => DeclareValueBytes(NodeIndex(path), byteCount);

    public RecordBatchSizes DeclareValueBytes(int node, int byteCount)
    {
        CheckNode(node);
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (_nodes.Fields[node].Type is not (Utf8Type or BinaryType))
            throw new ArgumentException($"Field '{_nodes.Paths[node]}' is {_nodes.Fields[node].Type}; value bytes are declared for string and binary fields.", nameof(node));
        _declared[node] = byteCount;
        return this;
    }

    /// <summary>Declares the total elements of all lists of a list array (the length of its values array), or the total entries of all maps of a map array.</summary>
    public RecordBatchSizes DeclareListElements(string path, int elementCount) => DeclareListElements(NodeIndex(path), elementCount);

    public RecordBatchSizes DeclareListElements(int node, int elementCount)
    {
        CheckNode(node);
        ArgumentOutOfRangeException.ThrowIfNegative(elementCount);
        if (_nodes.Fields[node].Type is not (ListType or MapType))
            throw new ArgumentException($"Field '{_nodes.Paths[node]}' is {_nodes.Fields[node].Type}; list elements are declared for list and map fields.", nameof(node));
        _declared[node] = elementCount;
        return this;
    }

    /// <summary>
    /// Declares the dictionary of a dictionary-encoded string array: how many distinct values it
    /// holds and their total UTF-8 bytes. The dictionary travels as a dictionary batch before the
    /// record batch, in the prefix of the message (docs/protocol.md).
    /// </summary>
    public RecordBatchSizes DeclareDictionary(string path, int valueCount, int valueBytes) => DeclareDictionary(NodeIndex(path), valueCount, valueBytes);

    public RecordBatchSizes DeclareDictionary(int node, int valueCount, int valueBytes)
    {
        CheckNode(node);
        ArgumentOutOfRangeException.ThrowIfNegative(valueCount);
        ArgumentOutOfRangeException.ThrowIfNegative(valueBytes);
        if (_nodes.Fields[node].Type is not DictionaryType { ValueType: Utf8Type })
            throw new ArgumentException($"Field '{_nodes.Paths[node]}' is {_nodes.Fields[node].Type}; dictionaries are declared for dictionary-encoded string fields.", nameof(node));
        _declared[node] = valueBytes;
        _dictionaryValues[node] = valueCount;
        return this;
    }

    /// <summary>Computes where every buffer of the batch lies in the body, and the dictionary batches before it.</summary>
    public RecordBatchLayout Plan() => RecordBatchPlanner.Plan(Schema, _nodes, RowCount, _declared, _dictionaryValues);

    internal int Declared(int node) => _declared[node];

    /// <summary>Forgets every declaration, so one instance can declare the sizes of the next batch of the same row count.</summary>
    internal RecordBatchSizes Clear()
    {
        Array.Clear(_declared);
        Array.Clear(_dictionaryValues);
        return this;
    }

    internal ReadOnlySpan<int> DeclaredSizes => _declared;

    internal ReadOnlySpan<int> DeclaredDictionaryValues => _dictionaryValues;

    private int CheckNode(int node)
    {
        if ((uint)node >= (uint)_declared.Length)
            throw new ArgumentOutOfRangeException(nameof(node), node, $"The schema has {_declared.Length} field nodes.");
        return node;
    }
}

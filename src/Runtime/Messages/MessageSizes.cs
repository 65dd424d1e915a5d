using Quiver.Arrow;
using Quiver.Arrow.Builders;

namespace Quiver.Messages;

/// <summary>
/// Adds up, over the rows to write, the sizes a layout needs (value bytes of strings and
/// binaries, elements of lists and maps, distinct values of dictionaries), per node in depth-first order as <see cref="RecordBatchSizes"/>
/// numbers them. Generated code fills it from values; <see cref="Plan"/> turns it into a layout.
/// </summary>
public sealed class MessageSizes
{
    private readonly RecordBatchSizes _sizes;
    private readonly int[] _valueBytes;
    private readonly int[] _listElements;
    private readonly HashSet<string>?[] _dictionaryValues;

    /// <summary>Sizes of a batch of <paramref name="rowCount"/> rows of <paramref name="schema"/>, all 0 so far.</summary>
    public MessageSizes(Schema schema, int rowCount)
    {
        _sizes = new RecordBatchSizes(schema, rowCount);
        _valueBytes = new int[_sizes.FieldNodeCount];
        _listElements = new int[_sizes.FieldNodeCount];
        _dictionaryValues = new HashSet<string>?[_sizes.FieldNodeCount];
    }

    public void AddValueBytes(int node, int byteCount) => _valueBytes[node] = Add(_valueBytes[node], byteCount, node, "value bytes");

    public void AddListElements(int node, int elementCount) => _listElements[node] = Add(_listElements[node], elementCount, node, "list elements");

    /// <summary>Counts <paramref name="value"/> into the dictionary of a dictionary-encoded string node (once, however often it is written).</summary>
    public void AddDictionaryValue(int node, string value) => (_dictionaryValues[node] ??= new HashSet<string>(StringComparer.Ordinal)).Add(value);

    public RecordBatchLayout Plan()
    {
        for (var node = 0; node < _valueBytes.Length; node++)
        {
            if (_dictionaryValues[node] is { } values)
            {
                var bytes = values.Aggregate(0L, (sum, value) => sum + System.Text.Encoding.UTF8.GetByteCount(value));
                if (bytes > int.MaxValue)
                    throw new InvalidOperationException($"Node {node}'s dictionary would hold more than {int.MaxValue} value bytes; Arrow arrays are limited to 2^31-1.");
                _sizes.DeclareDictionary(node, values.Count, (int)bytes);
            }
            if (_valueBytes[node] != 0)
                _sizes.DeclareValueBytes(node, _valueBytes[node]);
            if (_listElements[node] != 0)
                _sizes.DeclareListElements(node, _listElements[node]);
        }
        return _sizes.Plan();
    }

    private static int Add(int total, int count, int node, string what)
    {
        var sum = (long)total + count;
        if (sum > int.MaxValue)
            throw new InvalidOperationException($"Node {node} would hold more than {int.MaxValue} {what}; Arrow arrays are limited to 2^31-1.");
        return (int)sum;
    }
}

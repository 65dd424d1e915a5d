using System.Buffers.Binary;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// The header of the last record batch message a <see cref="ReusableRecordBatchReader"/> decoded
/// and validated, so that a next message with byte-identical metadata is bound without decoding
/// its flatbuffer again. A stream of one shape (a camera's frames, fixed-size readings) repeats
/// its metadata message after message, and decoding it is most of a typed receive.
/// <para>
/// Why this is safe: the metadata bytes alone declare the row count, every node's length and null
/// count, every buffer's region and the body length, and all of those were checked against the
/// schema when the same bytes were first decoded. The copy compared against is this object's own,
/// so a publisher rewriting the shared memory after the comparison changes nothing that is used.
/// What depends on the new message is checked again: that its body is as long as declared (a
/// shorter region falls back to the full decode and its error), and, in every array, what the
/// validator reads from the buffers themselves (<see cref="ArrayDataValidator.ContentIsValid"/>:
/// validity bitmaps against null counts, offsets, map keys); when one of those fails, the full
/// validation runs and says where.
/// A full decode records the layout as it goes (<see cref="Layout"/>), so keeping it costs a copy
/// of the metadata; the arrays with content to check are listed on the first message that uses it.
/// </para>
/// </summary>
internal sealed class RecordBatchLayoutCache
{
    private const int NothingKept = -1;

    private readonly Schema _schema;
    private readonly List<ArrayData> _contentChecks;
    private readonly NodeBinding[] _nodeBindings;
    private readonly BufferBinding[] _bufferBindings;
    private int _bufferBindingCount;
    private Layout _kept;
    private Layout _beingRead;
    private byte[] _metadata = [];
    private int _metadataLength = NothingKept;
    private int _bodyLength;
    private int _rowCount;
    private bool _planned;

    /// <summary>The body a hit last bound the plan's buffers to, until anything else binds or empties them (then empty).</summary>
    private ReadOnlyMemory<byte> _boundBody;

    private RecordBatchLayoutCache(Schema schema, IpcSchemaLayout layout)
    {
        _schema = schema;
        // As many as there are nodes and buffers, so planning never allocates.
        _contentChecks = new List<ArrayData>(layout.Nodes.Length);
        _nodeBindings = new NodeBinding[layout.Nodes.Length];
        _bufferBindings = new BufferBinding[layout.BufferCount];
        _kept = new Layout(layout);
        _beingRead = new Layout(layout);
    }

    /// <summary>One array's length and null count in the kept layout.</summary>
    private readonly record struct NodeBinding(ArrayData Target, int Length, int Nulls);

    /// <summary>One non-empty buffer of the kept layout: where in the body, and which slot of which array's buffers it goes to.</summary>
    private readonly record struct BufferBinding(ArrowBuffer[] Target, int Index, int Offset, int Length);

    /// <summary>What a full decode read from a record batch header: each node's length and null count and each buffer's region of the body, in the message's order.</summary>
    internal sealed class Layout(IpcSchemaLayout layout)
    {
        public (int Length, int Nulls)[] Nodes { get; } = new (int, int)[layout.Nodes.Length];
        public (int Offset, int Length)[] Buffers { get; } = new (int, int)[layout.BufferCount];
    }

    /// <summary>A cache for <paramref name="schema"/>, or null when its messages carry dictionary batches, whose values are decoded per message anyway.</summary>
    public static RecordBatchLayoutCache? For(Schema schema)
    {
        var layout = IpcSchemaLayout.Of(schema);
        return layout.DictionaryFields.Length == 0 ? new RecordBatchLayoutCache(schema, layout) : null;
    }

    /// <summary>Where the next full decode records what it reads (<see cref="RecordBatchDecoder.Bind(Schema, in EncapsulatedMessage, ArrowArray[], ArrayData?[], Layout?)"/>), for <see cref="Remember"/>.</summary>
    public Layout BeingRead => _beingRead;

    /// <summary>
    /// Binds <paramref name="columns"/> to <paramref name="region"/> and checks their content if its
    /// metadata is the kept one; returns false, touching nothing, when it is not. Throws
    /// <see cref="ArrowFormatException"/> when the content is invalid (the columns are then partly bound).
    /// </summary>
    public bool TryBind(ReadOnlyMemory<byte> region, ArrowArray[] columns, out int rowCount)
    {
        rowCount = 0;
        var span = region.Span;
        var prefix = EncapsulatedMessage.PrefixLength;
        if (_metadataLength == NothingKept
            || span.Length < prefix
            || BinaryPrimitives.ReadUInt32LittleEndian(span) != EncapsulatedMessage.ContinuationMarker
            || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != _metadataLength
            || span.Length - prefix - _metadataLength < _bodyLength
            || !span.Slice(prefix, _metadataLength).SequenceEqual(_metadata.AsSpan(0, _metadataLength)))
            return false;
        var body = region.Slice(prefix + _metadataLength, _bodyLength);
        var planning = !_planned;
        if (planning)
            Plan(columns);
        // The plan lists the non-empty buffers only: the empty ones were emptied when planning, and
        // nothing but another layout (which plans again) or Unbind (which empties all) changes them.
        // A message at the same place as the last one bound finds every buffer already set: a
        // publisher of one shape gets the same slot back while one sample is in flight.
        if (planning || !_boundBody.Equals(body))
        {
            foreach (ref readonly var binding in _bufferBindings.AsSpan(0, _bufferBindingCount))
                binding.Target[binding.Index] = new ArrowBuffer(body.Slice(binding.Offset, binding.Length));
            _boundBody = body;
        }
        foreach (ref readonly var binding in _nodeBindings.AsSpan())
            binding.Target.Rebind(binding.Length, binding.Nulls);
        // Which arrays have content to check depends on what is bound: listed once per layout.
        if (planning)
            ListContentChecks(columns);
        foreach (var data in _contentChecks)
        {
            if (!ArrayDataValidator.ContentIsValid(data))
            {
                // The full validation names the column and the problem.
                for (var i = 0; i < columns.Length; i++)
                    RecordBatchDecoder.ValidateColumn(_schema, i, columns[i].Data, _rowCount, at: 0);
                break;
            }
        }
        rowCount = _rowCount;
        return true;
    }

    /// <summary>Keeps the layout of <paramref name="message"/>, which a full decode just bound, validated and recorded in <see cref="BeingRead"/>.</summary>
    public void Remember(in EncapsulatedMessage message, int rowCount)
    {
        var metadata = message.Metadata.Span;
        if (_metadata.Length < metadata.Length)
            _metadata = new byte[metadata.Length];
        metadata.CopyTo(_metadata);
        (_kept, _beingRead) = (_beingRead, _kept);
        _planned = false;
        _boundBody = default;
        _bodyLength = message.Body.Length;
        _rowCount = rowCount;
        _metadataLength = metadata.Length;
    }

    /// <summary>Says the buffers no longer point where the last hit bound them (a full decode or an unbind set them).</summary>
    public void Forget() => _boundBody = default;

    /// <summary>
    /// Flattens the kept layout into the bindings a hit applies, depth first as the message lists
    /// nodes and buffers, and empties the buffers it leaves out.
    /// </summary>
    private void Plan(ArrowArray[] columns)
    {
        int node = 0, buffer = 0;
        _bufferBindingCount = 0;
        foreach (var column in columns)
            Plan(column.Data, ref node, ref buffer);
        _planned = true;
    }

    private void Plan(ArrayData target, ref int node, ref int buffer)
    {
        var (length, nulls) = _kept.Nodes[node];
        _nodeBindings[node++] = new NodeBinding(target, length, nulls);
        var targetBuffers = target.Buffers;
        for (var i = 0; i < targetBuffers.Length; i++)
        {
            var (offset, bytes) = _kept.Buffers[buffer++];
            if (bytes == 0)
                targetBuffers[i] = ArrowBuffer.Empty;
            else
                _bufferBindings[_bufferBindingCount++] = new BufferBinding(targetBuffers, i, offset, bytes);
        }
        foreach (var child in target.Children)
            Plan(child, ref node, ref buffer);
    }

    private void ListContentChecks(ArrowArray[] columns)
    {
        _contentChecks.Clear();
        foreach (var column in columns)
            ListContentChecks(column.Data);
    }

    private void ListContentChecks(ArrayData data)
    {
        if (ArrayDataValidator.HasContentToCheck(data))
            _contentChecks.Add(data);
        foreach (var child in data.Children)
            ListContentChecks(child);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// The body of one record batch as IPC lays it out: field nodes and buffer regions in schema
/// order, each buffer 64-byte aligned. IPC arrays have no offset, so a sliced array is written
/// as its window alone: bitmaps are shifted to start at bit 0, offsets are rebased to start at 0,
/// and only the referenced part of values and children is written. Buffers that need no change
/// are referenced, not copied, until <see cref="WriteTo(Stream)"/>.
/// </summary>
internal sealed class RecordBatchBody
{
    private static readonly byte[] ZeroPadding = new byte[MessageEncoder.Alignment];
    private static readonly byte[] SingleZeroOffset = new byte[8];

    private readonly List<IpcFieldNode> _nodes = [];
    private readonly List<IpcBufferRegion> _regions = [];
    private readonly List<ReadOnlyMemory<byte>> _segments = [];

    private RecordBatchBody() { }

    public ReadOnlySpan<IpcFieldNode> Nodes => CollectionsMarshal.AsSpan(_nodes);
    public ReadOnlySpan<IpcBufferRegion> Regions => CollectionsMarshal.AsSpan(_regions);

    /// <summary>Body length, a multiple of 64.</summary>
    public long Length { get; private set; }

    /// <summary>The body of a one-column batch of <paramref name="values"/>, a dictionary batch's data.</summary>
    public static RecordBatchBody PlanColumn(ArrayData values)
    {
        var body = new RecordBatchBody();
        body.AddArray(values);
        return body;
    }

    public static RecordBatchBody Plan(RecordBatch batch)
    {
        var body = new RecordBatchBody();
        for (var i = 0; i < batch.Columns.Count; i++)
        {
            var data = batch.Columns[i].Data;
            // Arrays built by hand are trusted by ArrayData; check them before their bytes are read here.
            ArrayDataValidator.Validate(data);
            body.AddArray(data);
        }
        return body;
    }

    public void WriteTo(Stream output)
    {
        foreach (var segment in _segments)
        {
            output.Write(segment.Span);
            output.Write(ZeroPadding, 0, Padding(segment.Length));
        }
    }

    public void WriteTo(Span<byte> destination)
    {
        var position = 0;
        foreach (var segment in _segments)
        {
            segment.Span.CopyTo(destination[position..]);
            position += segment.Length;
            destination.Slice(position, Padding(segment.Length)).Clear();
            position += Padding(segment.Length);
        }
    }

    private static int Padding(int length) => (MessageEncoder.Alignment - length % MessageEncoder.Alignment) % MessageEncoder.Alignment;

    private void AddArray(ArrayData data)
    {
        var type = data.Type;
        int offset = data.Offset, length = data.Length;
        _nodes.Add(new IpcFieldNode(length, type is NullType ? length : data.NullCount));
        if (type is NullType)
            return;
        if (data.NullCount == 0)
            AddSegment(default);
        else
            AddBits(data.Buffers[0].Memory, offset, length);

        switch (type)
        {
            case BooleanType:
                AddBits(data.Buffers[1].Memory, offset, length);
                break;
            case Utf8Type or BinaryType:
            {
                var (start, end) = AddOffsets<int>(data);
                AddSegment(data.Buffers[2].Memory[(int)start..(int)end]);
                break;
            }
            case LargeUtf8Type or LargeBinaryType:
            {
                var (start, end) = AddOffsets<long>(data);
                AddSegment(data.Buffers[2].Memory[(int)start..(int)end]);
                break;
            }
            case ListType or MapType:
            {
                var (start, end) = AddOffsets<int>(data);
                AddArray(data.Children[0].Slice((int)start, (int)(end - start)));
                break;
            }
            case LargeListType:
            {
                var (start, end) = AddOffsets<long>(data);
                AddArray(data.Children[0].Slice((int)start, (int)(end - start)));
                break;
            }
            case FixedSizeListType list:
                AddArray(data.Children[0].Slice(offset * list.ListSize, length * list.ListSize));
                break;
            case StructType:
                foreach (var child in data.Children)
                    AddArray(child.Slice(offset, length));
                break;
            default:
                var width = checked((int)(type.FixedBitWidth / 8));
                AddSegment(data.Buffers[1].Memory.Slice(checked(offset * width), checked(length * width)));
                break;
        }
    }

    /// <summary>Adds the window's offsets starting from 0 and returns the range of values they cover.</summary>
    private (long Start, long End) AddOffsets<T>(ArrayData data) where T : unmanaged, IBinaryInteger<T>
    {
        var size = Unsafe.SizeOf<T>();
        if (data.Length == 0 && data.Buffers[1].IsEmpty)
        {
            AddSegment(SingleZeroOffset.AsMemory(0, size));
            return (0, 0);
        }
        var window = data.Buffers[1].Memory.Slice(data.Offset * size, (data.Length + 1) * size);
        var offsets = MemoryMarshal.Cast<byte, T>(window.Span);
        var start = offsets[0];
        var end = offsets[^1];
        if (T.IsZero(start))
        {
            AddSegment(window);
        }
        else
        {
            var rebased = new T[offsets.Length];
            for (var i = 0; i < rebased.Length; i++)
                rebased[i] = offsets[i] - start;
            AddSegment(MemoryMarshal.AsBytes(rebased.AsSpan()).ToArray());
        }
        return (long.CreateTruncating(start), long.CreateTruncating(end));
    }

    /// <summary>Adds bits [offset, offset + length) of a bitmap as a bitmap that starts at bit 0.</summary>
    private void AddBits(ReadOnlyMemory<byte> bitmap, int offset, int length)
    {
        var byteCount = (length + 7) / 8;
        var shift = offset % 8;
        if (shift == 0)
        {
            AddSegment(bitmap.Slice(offset / 8, byteCount));
            return;
        }
        var source = bitmap.Span[(offset / 8)..];
        var shifted = new byte[byteCount];
        for (var i = 0; i < byteCount; i++)
        {
            var low = source[i] >> shift;
            var high = i + 1 < source.Length ? source[i + 1] << (8 - shift) : 0;
            shifted[i] = (byte)(low | high);
        }
        // Bits past the window came from neighbouring slots; clear them rather than leak them.
        if (length % 8 != 0)
            shifted[^1] &= (byte)((1 << (length % 8)) - 1);
        AddSegment(shifted);
    }

    private void AddSegment(ReadOnlyMemory<byte> bytes)
    {
        _regions.Add(new IpcBufferRegion(Length, bytes.Length));
        _segments.Add(bytes);
        Length += bytes.Length + Padding(bytes.Length);
    }
}

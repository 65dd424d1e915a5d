using System.Buffers.Binary;

namespace Quiver.Arrow.Ipc.Flatbuffers;

/// <summary>
/// A bounds-checked flatbuffers vector: its whole extent (count × element size) was checked
/// against the buffer when it was opened, and elements that are offsets are checked again when
/// followed.
/// </summary>
internal readonly ref struct FlatBufferVector
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly ref FlatBufferLimits _limits;
    private readonly int _start;
    private readonly int _elementSize;
    private readonly int _depth;

    private FlatBufferVector(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int start, int count, int elementSize, int depth)
    {
        _buffer = buffer;
        _limits = ref limits;
        _start = start;
        Count = count;
        _elementSize = elementSize;
        _depth = depth;
    }

    public int Count { get; }

    internal static FlatBufferVector Empty(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int elementSize, int depth) =>
        new(buffer, ref limits, 0, 0, elementSize, depth);

    internal static FlatBufferVector Open(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int offsetAt, int elementSize, int depth)
    {
        var position = FlatBufferFormat.Follow(buffer, offsetAt, 4, "vector");
        var count = FlatBufferFormat.ReadUInt32(buffer, position);
        var available = buffer.Length - position - 4L;
        if (count * (long)elementSize > available)
            throw FlatBufferFormat.Invalid($"the vector at byte {position} declares {count} elements of {elementSize} bytes, only {available} bytes follow");
        return new FlatBufferVector(buffer, ref limits, position + 4, (int)count, elementSize, depth);
    }

    /// <summary>The bytes of element <paramref name="index"/> (a struct, or a scalar).</summary>
    public ReadOnlySpan<byte> GetBytes(int index) => _buffer.Slice(ElementPosition(index), _elementSize);

    public long GetInt64(int index) => BinaryPrimitives.ReadInt64LittleEndian(GetBytes(index));

    public FlatBufferTable GetTable(int index) => FlatBufferTable.Open(_buffer, ref _limits, ElementPosition(index), _depth + 1);

    public string GetString(int index) => FlatBufferFormat.ReadString(_buffer, ref _limits, ElementPosition(index));

    private int ElementPosition(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector has {Count} elements.");
        return _start + index * _elementSize;
    }
}

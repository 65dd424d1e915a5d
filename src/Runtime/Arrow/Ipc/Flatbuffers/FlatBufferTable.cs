using System.Buffers.Binary;

namespace Quiver.Arrow.Ipc.Flatbuffers;

/// <summary>
/// A bounds-checked view of one flatbuffers table. Every offset in the buffer is treated as
/// hostile: the vtable, each field, and everything a field points to are checked against the
/// buffer before they are read, and any violation is an <see cref="ArrowFormatException"/>.
/// Fields are addressed by slot (their declaration order in the .fbs schema, from 0).
/// </summary>
internal readonly ref struct FlatBufferTable
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly ref FlatBufferLimits _limits;
    private readonly int _vtable;
    private readonly int _vtableSize;
    private readonly int _tableSize;

    private FlatBufferTable(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int position, int depth)
    {
        if (depth > FlatBufferLimits.MaxDepth)
            throw FlatBufferFormat.Invalid($"tables are nested deeper than {FlatBufferLimits.MaxDepth} levels");
        if (--limits.TablesLeft < 0)
            throw FlatBufferFormat.Invalid("it references more tables than a buffer of this size can honestly hold");
        var soffset = BinaryPrimitives.ReadInt32LittleEndian(buffer[position..]);
        var vtable = (long)position - soffset;
        if (vtable < 0 || vtable + 4 > buffer.Length)
            throw FlatBufferFormat.Invalid($"the vtable of the table at byte {position} would be at byte {vtable}, outside the {buffer.Length}-byte buffer");
        var vtableSize = FlatBufferFormat.ReadUInt16(buffer, (int)vtable);
        var tableSize = FlatBufferFormat.ReadUInt16(buffer, (int)vtable + 2);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vtable + vtableSize > buffer.Length)
            throw FlatBufferFormat.Invalid($"the vtable at byte {vtable} declares {vtableSize} bytes, which is not an even size from 4 that fits the {buffer.Length}-byte buffer");
        if (tableSize < 4 || (long)position + tableSize > buffer.Length)
            throw FlatBufferFormat.Invalid($"the table at byte {position} declares {tableSize} bytes, which is not a size from 4 that fits the {buffer.Length}-byte buffer");
        _buffer = buffer;
        _limits = ref limits;
        Position = position;
        Depth = depth;
        _vtable = (int)vtable;
        _vtableSize = vtableSize;
        _tableSize = tableSize;
    }

    /// <summary>The byte at which the table starts, for error messages.</summary>
    public int Position { get; }

    /// <summary>1 for the root table, one more for each table reached through a field or vector.</summary>
    public int Depth { get; }

    /// <summary>The root table of a finished flatbuffer (its first four bytes are the offset to it).</summary>
    public static FlatBufferTable ReadRoot(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits)
    {
        if (buffer.Length < 8)
            throw FlatBufferFormat.Invalid($"{buffer.Length} bytes cannot hold a root offset and a table");
        var position = FlatBufferFormat.Follow(buffer, 0, 4, "root table");
        return new FlatBufferTable(buffer, ref limits, position, 1);
    }

    internal static FlatBufferTable Open(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int offsetAt, int depth) =>
        new(buffer, ref limits, FlatBufferFormat.Follow(buffer, offsetAt, 4, "table"), depth);

    public bool Has(int slot) => FieldPosition(slot, 0) != 0;

    public byte GetUInt8(int slot, byte defaultValue)
    {
        var at = FieldPosition(slot, 1);
        return at == 0 ? defaultValue : _buffer[at];
    }

    public bool GetBool(int slot, bool defaultValue)
    {
        var at = FieldPosition(slot, 1);
        return at == 0 ? defaultValue : _buffer[at] != 0;
    }

    public short GetInt16(int slot, short defaultValue)
    {
        var at = FieldPosition(slot, 2);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(_buffer[at..]);
    }

    public int GetInt32(int slot, int defaultValue)
    {
        var at = FieldPosition(slot, 4);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_buffer[at..]);
    }

    public long GetInt64(int slot, long defaultValue)
    {
        var at = FieldPosition(slot, 8);
        return at == 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(_buffer[at..]);
    }

    public bool TryGetTable(int slot, out FlatBufferTable table)
    {
        var at = FieldPosition(slot, 4);
        table = at == 0 ? default : Open(_buffer, ref _limits, at, Depth + 1);
        return at != 0;
    }

    /// <summary>A union's value: the table in <paramref name="valueSlot"/> (the type tag is the slot before it).</summary>
    public bool TryGetUnion(int valueSlot, out FlatBufferTable table) => TryGetTable(valueSlot, out table);

    public string? GetString(int slot)
    {
        var at = FieldPosition(slot, 4);
        return at == 0 ? null : FlatBufferFormat.ReadString(_buffer, ref _limits, at);
    }

    /// <summary>The vector in <paramref name="slot"/>; an absent vector reads as empty.</summary>
    public FlatBufferVector GetVector(int slot, int elementSize)
    {
        var at = FieldPosition(slot, 4);
        return at == 0
            ? FlatBufferVector.Empty(_buffer, ref _limits, elementSize, Depth)
            : FlatBufferVector.Open(_buffer, ref _limits, at, elementSize, Depth);
    }

    /// <summary>The absolute position of a field of <paramref name="size"/> bytes, or 0 when the field is absent.</summary>
    private int FieldPosition(int slot, int size)
    {
        var entry = 4 + 2 * slot;
        if (entry + 2 > _vtableSize)
            return 0;
        int fieldOffset = FlatBufferFormat.ReadUInt16(_buffer, _vtable + entry);
        if (fieldOffset == 0)
            return 0;
        // The first 4 bytes of a table are its vtable offset; fields follow within its declared size.
        if (fieldOffset < 4 || fieldOffset + size > _tableSize)
            throw FlatBufferFormat.Invalid($"field {slot} of the table at byte {Position} is at offset {fieldOffset}, outside the table's {_tableSize} bytes");
        return Position + fieldOffset;
    }
}

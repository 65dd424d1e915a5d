using System.Buffers.Binary;
using System.Text;

namespace Quiver.Arrow.Ipc.Flatbuffers;

/// <summary>
/// Builds a flatbuffer back to front, the way the reference implementation does: children are
/// written before their parents, so every offset points forward. Positions handed out
/// (table, vector and string offsets) count bytes from the end of the buffer, which is why they
/// stay valid while the buffer grows. Alignment is kept relative to the end and the finished
/// buffer is padded to the largest alignment used, so it holds relative to the start too.
/// Vtables are not shared between tables: the output size then depends only on the sequence of
/// calls and never on the values written, which <see cref="IpcMessageWriter"/> relies on.
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _space;
    private int _minAlign = 1;
    private int[] _fieldPositions = new int[8];
    private int _fieldCount = -1;
    private int _tableStart;

    public FlatBufferBuilder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
        _space = _buffer.Length;
    }

    /// <summary>Bytes written so far; also the position (from the end) of the last thing written.</summary>
    public int Offset => _buffer.Length - _space;

    public void Clear()
    {
        _buffer.AsSpan(_space).Clear();
        _space = _buffer.Length;
        _minAlign = 1;
        _fieldCount = -1;
    }

    public int CreateString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Prep(4, length + 1);
        Reserve(length + 1);
        _buffer[_space + length] = 0;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_space, length));
        PutUInt32((uint)length);
        return Offset;
    }

    /// <summary>A vector of offsets (tables or strings) in the given order.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        StartVector(4, offsets.Length, 4);
        for (var i = offsets.Length - 1; i >= 0; i--)
            AddOffset(offsets[i]);
        return EndVector(offsets.Length);
    }

    /// <summary>
    /// Starts a vector of <paramref name="count"/> inline elements; add them last to first with
    /// the Put methods (each struct's fields last to first too), then call <see cref="EndVector"/>.
    /// </summary>
    public void StartVector(int elementSize, int count, int alignment)
    {
        RequireNoTable("a vector");
        var bytes = checked(elementSize * count);
        Prep(4, bytes);
        Prep(alignment, bytes);
    }

    public int EndVector(int count)
    {
        PutUInt32((uint)count);
        return Offset;
    }

    public void StartTable(int fieldCount)
    {
        RequireNoTable("a table");
        if (_fieldPositions.Length < fieldCount)
            _fieldPositions = new int[fieldCount];
        _fieldPositions.AsSpan(0, fieldCount).Clear();
        _fieldCount = fieldCount;
        _tableStart = Offset;
    }

    /// <summary>Adds a scalar field unless it equals <paramref name="defaultValue"/> (pass null to always write it).</summary>
    public void AddUInt8(int slot, byte value, byte? defaultValue = null)
    {
        if (value == defaultValue)
            return;
        Prep(1, 0);
        Reserve(1);
        _buffer[_space] = value;
        Slot(slot);
    }

    public void AddBool(int slot, bool value, bool? defaultValue = null) =>
        AddUInt8(slot, value ? (byte)1 : (byte)0, defaultValue is null ? null : defaultValue.Value ? (byte)1 : (byte)0);

    public void AddInt16(int slot, short value, short? defaultValue = null)
    {
        if (value == defaultValue)
            return;
        Prep(2, 0);
        PutInt16(value);
        Slot(slot);
    }

    public void AddInt32(int slot, int value, int? defaultValue = null)
    {
        if (value == defaultValue)
            return;
        Prep(4, 0);
        PutInt32(value);
        Slot(slot);
    }

    public void AddInt64(int slot, long value, long? defaultValue = null)
    {
        if (value == defaultValue)
            return;
        Prep(8, 0);
        PutInt64(value);
        Slot(slot);
    }

    /// <summary>Adds a field that refers to a table, vector or string built earlier.</summary>
    public void AddOffset(int slot, int target)
    {
        AddOffset(target);
        Slot(slot);
    }

    public int EndTable()
    {
        if (_fieldCount < 0)
            throw new InvalidOperationException("EndTable without StartTable.");
        Prep(4, 0);
        PutInt32(0);
        var tablePosition = Offset;
        var usedSlots = _fieldCount;
        while (usedSlots > 0 && _fieldPositions[usedSlots - 1] == 0)
            usedSlots--;
        for (var i = usedSlots - 1; i >= 0; i--)
            PutInt16((short)(_fieldPositions[i] == 0 ? 0 : tablePosition - _fieldPositions[i]));
        PutInt16(checked((short)(tablePosition - _tableStart)));
        PutInt16(checked((short)((usedSlots + 2) * 2)));
        // The vtable sits just before the table, so the table's signed offset to it is positive.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tablePosition), Offset - tablePosition);
        _fieldCount = -1;
        return tablePosition;
    }

    /// <summary>Writes the root offset and returns the finished flatbuffer (valid until the next call).</summary>
    public ReadOnlySpan<byte> Finish(int rootTable)
    {
        RequireNoTable("the root offset");
        Prep(_minAlign, 4);
        AddOffset(rootTable);
        return _buffer.AsSpan(_space);
    }

    public void PutInt16(short value)
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_space), value);
    }

    public void PutInt32(int value)
    {
        Reserve(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_space), value);
    }

    public void PutUInt32(uint value)
    {
        Reserve(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_space), value);
    }

    public void PutInt64(long value)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_space), value);
    }

    private void AddOffset(int target)
    {
        Prep(4, 0);
        if (target <= 0 || target > Offset)
            throw new ArgumentOutOfRangeException(nameof(target), target, "An offset must refer to something already written.");
        // The stored value is the distance from the field (written next, 4 bytes) forward to its target.
        PutUInt32((uint)(Offset + 4 - target));
    }

    private void Slot(int slot)
    {
        if ((uint)slot >= (uint)Math.Max(_fieldCount, 0))
            throw new InvalidOperationException($"Slot {slot} is not in the current table.");
        _fieldPositions[slot] = Offset;
    }

    private void RequireNoTable(string what)
    {
        if (_fieldCount >= 0)
            throw new InvalidOperationException($"Cannot write {what} while a table is being built; build children first.");
    }

    /// <summary>
    /// Pads with zeros so that, after <paramref name="additionalBytes"/> more bytes are written,
    /// the next value of <paramref name="size"/> bytes is aligned to its size.
    /// </summary>
    private void Prep(int size, int additionalBytes)
    {
        if (size > _minAlign)
            _minAlign = size;
        var padding = (-(Offset + additionalBytes)) & (size - 1);
        Reserve(padding);
    }

    /// <summary>Moves the write position <paramref name="bytes"/> toward the front (bytes there are zero).</summary>
    private void Reserve(int bytes)
    {
        if (_space < bytes)
            Grow(bytes);
        _space -= bytes;
    }

    private void Grow(int needed)
    {
        var used = Offset;
        var capacity = Math.Max(_buffer.Length * 2, used + needed + 64);
        var larger = new byte[capacity];
        _buffer.AsSpan(_space).CopyTo(larger.AsSpan(capacity - used));
        _buffer = larger;
        _space = capacity - used;
    }
}

using System.Buffers.Binary;

namespace Quiver.Transport;

/// <summary>Reads little-endian fields from a frame body, turning any overrun into a <see cref="ProtocolException"/>.</summary>
internal ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly string _frame;
    private int _position;

    public BodyReader(ReadOnlySpan<byte> body, string frame)
    {
        _body = body;
        _frame = frame;
        _position = 0;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || count > _body.Length - _position)
            throw new ProtocolException($"{_frame} frame is truncated: {count} more bytes needed at offset {_position} of {_body.Length}.");
        var bytes = _body.Slice(_position, count);
        _position += count;
        return bytes;
    }

    public byte Byte() => Bytes(1)[0];
    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));
    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));

    public readonly void ExpectEnd()
    {
        if (_position != _body.Length)
            throw new ProtocolException($"{_frame} frame has {_body.Length - _position} unexpected bytes at its end.");
    }
}

using System.Buffers.Binary;

namespace Quiver.Bridge;

/// <summary>
/// The body of a batch (chunk kind 4; docs/bridge.md, "Wire format of messages"): whole small messages that were
/// waiting together at the exporter, each a little-endian u32 length and then its bytes, back to
/// back. The cluster and both NATS clients then handle one message where they would handle many,
/// which is most of what a small message costs. Built by the exporter's sender, one at a time.
/// </summary>
internal sealed class MessageBatch
{
    public const int LengthPrefix = sizeof(uint);

    private byte[] _buffer = [];
    private int _room;

    public ulong FirstMessageId { get; private set; }
    public uint Count { get; private set; }
    public int Length { get; private set; }
    public long MessageBytes { get; private set; }
    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, Length);

    /// <summary>Bytes a message of <paramref name="messageLength"/> takes in a batch.</summary>
    public static long SpaceFor(int messageLength) => LengthPrefix + (long)messageLength;

    public void Start(ulong firstMessageId, int room)
    {
        if (_buffer.Length < room)
            _buffer = new byte[room];
        _room = room;
        FirstMessageId = firstMessageId;
        Count = 0;
        Length = 0;
        MessageBytes = 0;
    }

    public bool Fits(int messageLength) => Length + SpaceFor(messageLength) <= _room;

    /// <summary>Appends a message that <see cref="Fits"/>.</summary>
    public void Add(ReadOnlySpan<byte> message)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), (uint)message.Length);
        message.CopyTo(_buffer.AsSpan(Length + LengthPrefix));
        Length += LengthPrefix + message.Length;
        MessageBytes += message.Length;
        Count++;
    }

    /// <summary>True when <paramref name="body"/> holds exactly <paramref name="count"/> records and nothing after them.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> body, uint count)
    {
        var records = new Records(body);
        uint found = 0;
        while (records.MoveNext())
            found++;
        return !records.Malformed && found == count;
    }

    /// <summary>Walks a batch body record by record; stops early, with <see cref="Malformed"/> set, at a length that runs past the end.</summary>
    public ref struct Records(ReadOnlySpan<byte> body)
    {
        private ReadOnlySpan<byte> _rest = body;

        public ReadOnlySpan<byte> Current { get; private set; }
        public bool Malformed { get; private set; }

        public bool MoveNext()
        {
            if (_rest.IsEmpty || Malformed)
                return false;
            if (_rest.Length < LengthPrefix || BinaryPrimitives.ReadUInt32LittleEndian(_rest) > (uint)(_rest.Length - LengthPrefix))
            {
                Malformed = true;
                return false;
            }
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_rest);
            Current = _rest.Slice(LengthPrefix, length);
            _rest = _rest[(LengthPrefix + length)..];
            return true;
        }
    }
}

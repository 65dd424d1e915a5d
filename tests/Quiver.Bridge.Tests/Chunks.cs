using System.Buffers;
using System.IO.Hashing;

namespace Quiver.Bridge.Tests;

/// <summary>Chunk streams built by the tests as docs/bridge.md describes them ("Wire format"), to feed importers good and bad ones.</summary>
internal static class Chunks
{
    /// <summary><paramref name="message"/> cut into chunks of at most <paramref name="bodyLimit"/> bytes: every chunk as long as the first but the last.</summary>
    public static List<(ChunkHeader Header, byte[] Body)> Of(ulong exporterId, ulong messageId, byte[] message, int bodyLimit)
    {
        int count = message.Length == 0 ? 1 : (message.Length + bodyLimit - 1) / bodyLimit;
        int chunk = (message.Length + count - 1) / count;
        var chunks = new List<(ChunkHeader, byte[])>();
        for (int i = 0; i < count; i++)
        {
            var body = message.AsSpan(i * chunk, Math.Min(chunk, message.Length - i * chunk)).ToArray();
            chunks.Add((new ChunkHeader(ChunkKind.Chunk, exporterId, messageId, (uint)i, (uint)count, (ulong)message.Length, XxHash3.HashToUInt64(body)), body));
        }
        return chunks;
    }

    /// <summary>A batch of whole messages with consecutive ids from <paramref name="firstMessageId"/>: each a u32 little-endian length and its bytes.</summary>
    public static (ChunkHeader Header, byte[] Body) Batch(ulong exporterId, ulong firstMessageId, params byte[][] messages)
    {
        var body = new List<byte>();
        foreach (var message in messages)
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)message.Length);
            body.AddRange(length);
            body.AddRange(message);
        }
        var bytes = body.ToArray();
        return (new ChunkHeader(ChunkKind.Batch, exporterId, firstMessageId, 0, (uint)messages.Length, (ulong)bytes.Length, XxHash3.HashToUInt64(bytes)), bytes);
    }

    public static byte[] Wire(ChunkHeader header, byte[] body)
    {
        var bytes = new byte[ChunkHeader.Size + body.Length];
        header.Write(bytes);
        body.CopyTo(bytes, ChunkHeader.Size);
        return bytes;
    }

    public static ReadOnlySequence<byte> Sequence(byte[] body) => new(body);

    public static byte[] Message(int length, int seed) => Quiver.Tests.ImagePattern.Data(seed, length);

    /// <summary><paramref name="bytes"/> as a sequence of buffers cut at <paramref name="cuts"/>, as a connection's reader may hand them over.</summary>
    public static ReadOnlySequence<byte> Pieces(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(bytes.Length).ToArray();
        Piece? first = null, last = null;
        for (int i = 0; i + 1 < bounds.Length; i++)
        {
            var piece = new Piece(bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]), last);
            first ??= piece;
            last = piece;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, Piece? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}

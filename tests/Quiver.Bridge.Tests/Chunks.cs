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

    public static byte[] Wire(ChunkHeader header, byte[] body)
    {
        var bytes = new byte[ChunkHeader.Size + body.Length];
        header.Write(bytes);
        body.CopyTo(bytes, ChunkHeader.Size);
        return bytes;
    }

    public static ReadOnlySequence<byte> Sequence(byte[] body) => new(body);

    public static byte[] Message(int length, int seed) => Quiver.Tests.ImagePattern.Data(seed, length);
}

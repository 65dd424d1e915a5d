using System.Buffers;
using System.IO.Hashing;

namespace Quiver.Bridge.Tests;

/// <summary>The one-pass copy and checksum both bridge ends use, and the exporter's chunk serializer built on it.</summary>
public sealed class HashingCopyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 << 10)]
    [InlineData((16 << 10) + 1)]
    [InlineData(1 << 20)]
    public void A_copy_holds_the_same_bytes_and_its_hash_is_the_one_shot_XxHash3(int length)
    {
        var source = Chunks.Message(length, 5);
        var destination = new byte[length + 3];
        ulong hash = HashingCopy.Copy(source, destination);
        Assert.Equal(XxHash3.HashToUInt64(source), hash);
        Assert.Equal(source, destination[..length]);
        Assert.Equal(new byte[3], destination[length..]);
    }

    [Fact]
    public void A_copy_from_pieces_is_the_copy_of_their_concatenation()
    {
        var source = Chunks.Message(100_000, 6);
        var pieces = Chunks.Pieces(source, 1, 20_000, 20_001, 70_000);
        var destination = new byte[source.Length];
        Assert.Equal(XxHash3.HashToUInt64(source), HashingCopy.Copy(pieces, destination));
        Assert.Equal(source, destination);
    }

    [Fact]
    public void The_serializer_writes_the_header_with_the_checksum_of_the_body_and_then_the_body()
    {
        var body = Chunks.Message(40_000, 7);
        var buffer = new ArrayBufferWriter<byte>();
        OutgoingChunkSerializer.Instance.Serialize(buffer, OutgoingChunk.Of(ChunkKind.Chunk, 9, 3, 1, 4, 150_000, body));
        var expected = new ChunkHeader(ChunkKind.Chunk, 9, 3, 1, 4, 150_000, XxHash3.HashToUInt64(body));
        Assert.Equal(Chunks.Wire(expected, body), buffer.WrittenSpan.ToArray());
    }
}

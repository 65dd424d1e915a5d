using System.Buffers;
using NATS.Client.Core;

namespace Quiver.Bridge;

/// <summary>One NATS message on a data subject: the header (its checksum is computed as the body is written) and the body, for a sample's chunk still in shared memory.</summary>
internal readonly record struct OutgoingChunk(ChunkHeader Header, ReadOnlyMemory<byte> Body)
{
    /// <summary>A chunk whose checksum is left to <see cref="OutgoingChunkSerializer"/>, which computes it as it copies the body.</summary>
    public static OutgoingChunk Of(ChunkKind kind, ulong exporterId, ulong messageId, uint index, uint count, ulong totalLength, ReadOnlyMemory<byte> body) =>
        new(new ChunkHeader(kind, exporterId, messageId, index, count, totalLength, Checksum: 0), body);
}

/// <summary>
/// Writes a chunk straight into the NATS connection's buffer, the one copy the network path makes,
/// and computes the body's checksum while copying it (<see cref="HashingCopy"/>): the sample is
/// read once. The header goes in front of the body but is written last, into the same span, so
/// that it can carry the checksum.
/// </summary>
internal sealed class OutgoingChunkSerializer : INatsSerialize<OutgoingChunk>
{
    public static readonly OutgoingChunkSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> bufferWriter, OutgoingChunk value)
    {
        var body = value.Body.Span;
        int length = ChunkHeader.Size + body.Length;
        var destination = bufferWriter.GetSpan(length);
        ulong checksum = HashingCopy.Copy(body, destination[ChunkHeader.Size..]);
        (value.Header with { Checksum = checksum }).Write(destination);
        bufferWriter.Advance(length);
    }
}

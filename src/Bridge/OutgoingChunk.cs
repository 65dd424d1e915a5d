using System.Buffers;
using NATS.Client.Core;

namespace Quiver.Bridge;

/// <summary>One NATS message on a data subject: the header and a slice of the sample, still in shared memory.</summary>
internal readonly record struct OutgoingChunk(ChunkHeader Header, ReadOnlyMemory<byte> Body);

/// <summary>Writes a chunk's header and its slice of the sample straight into the NATS connection's buffer: the one copy the network path makes.</summary>
internal sealed class OutgoingChunkSerializer : INatsSerialize<OutgoingChunk>
{
    public static readonly OutgoingChunkSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> bufferWriter, OutgoingChunk value)
    {
        var header = bufferWriter.GetSpan(ChunkHeader.Size);
        value.Header.Write(header);
        bufferWriter.Advance(ChunkHeader.Size);
        bufferWriter.Write(value.Body.Span);
    }
}

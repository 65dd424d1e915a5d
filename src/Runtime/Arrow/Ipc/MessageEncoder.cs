using System.Buffers.Binary;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>Writes the flatbuffers <c>Message</c> around a header, and frames it as an encapsulated message.</summary>
internal static class MessageEncoder
{
    /// <summary>Every message Quiver writes is padded to this, so bodies that follow start 64-byte aligned.</summary>
    public const int Alignment = 64;

    /// <summary>Writes the Message table (every field, defaults included) and finishes the buffer.</summary>
    public static ReadOnlySpan<byte> Finish(FlatBufferBuilder builder, MessageHeaderType headerType, int header, long bodyLength)
    {
        builder.StartTable(MessageSlots.Count);
        builder.AddInt64(MessageSlots.BodyLength, bodyLength);
        builder.AddOffset(MessageSlots.Header, header);
        builder.AddInt16(MessageSlots.Version, (short)MetadataVersion.V5);
        builder.AddUInt8(MessageSlots.HeaderType, (byte)headerType);
        return builder.Finish(builder.EndTable());
    }

    /// <summary>The length of an encapsulated message prefix (marker, length, metadata, padding) around <paramref name="flatbufferLength"/> bytes.</summary>
    public static int FramedLength(int flatbufferLength) =>
        checked((EncapsulatedMessage.PrefixLength + flatbufferLength + Alignment - 1) / Alignment * Alignment);

    /// <summary>Writes marker, metadata length, the flatbuffer and zero padding: exactly <see cref="FramedLength"/> bytes.</summary>
    public static void Frame(ReadOnlySpan<byte> flatbuffer, Span<byte> destination)
    {
        var framed = FramedLength(flatbuffer.Length);
        if (destination.Length != framed)
            throw new InvalidOperationException($"A framed message of {framed} bytes does not fill a destination of {destination.Length}.");
        BinaryPrimitives.WriteUInt32LittleEndian(destination, EncapsulatedMessage.ContinuationMarker);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], framed - EncapsulatedMessage.PrefixLength);
        flatbuffer.CopyTo(destination[EncapsulatedMessage.PrefixLength..]);
        // The destination may be reused shared memory: padding must not leak what was there before.
        destination[(EncapsulatedMessage.PrefixLength + flatbuffer.Length)..].Clear();
    }
}

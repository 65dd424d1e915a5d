using System.Buffers.Binary;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// One encapsulated IPC message found in memory: <c>0xFFFFFFFF</c>, an int32 metadata length
/// (padding included), the flatbuffers <c>Message</c>, then <c>bodyLength</c> bytes of body.
/// <see cref="Read"/> checks the framing and the body length against the bytes present; the
/// header itself is decoded by whoever expects it. Both parts are slices of the input: no copy.
/// </summary>
internal readonly struct EncapsulatedMessage
{
    public const uint ContinuationMarker = 0xFFFFFFFF;
    public const int PrefixLength = 8;

    private EncapsulatedMessage(int position, int length, MessageHeaderType headerType, ReadOnlyMemory<byte> metadata, ReadOnlyMemory<byte> body)
    {
        Position = position;
        Length = length;
        HeaderType = headerType;
        Metadata = metadata;
        Body = body;
    }

    /// <summary>Where the message starts in the data it was read from.</summary>
    public int Position { get; }

    /// <summary>All the bytes of the message: prefix, metadata and body (8 for an end-of-stream marker).</summary>
    public int Length { get; }

    public bool IsEndOfStream => HeaderType == MessageHeaderType.None;
    public MessageHeaderType HeaderType { get; }

    /// <summary>The flatbuffers <c>Message</c>, followed by its padding.</summary>
    public ReadOnlyMemory<byte> Metadata { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Reads the message that starts at <paramref name="position"/>; an end-of-stream marker gives <see cref="IsEndOfStream"/>.</summary>
    public static EncapsulatedMessage Read(ReadOnlyMemory<byte> data, int position)
    {
        var span = data.Span;
        var available = span.Length - position;
        if (available < PrefixLength)
            throw new ArrowFormatException($"The IPC message at byte {position} is cut short: {available} bytes remain, its prefix needs {PrefixLength}.");
        var marker = BinaryPrimitives.ReadUInt32LittleEndian(span[position..]);
        if (marker != ContinuationMarker)
            throw new ArrowFormatException(
                $"The IPC message at byte {position} starts with 0x{marker:X8}, not the continuation marker 0xFFFFFFFF (Quiver does not read the format before Arrow 0.15, which had none).");
        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(span[(position + 4)..]);
        if (metadataLength == 0)
            return new EncapsulatedMessage(position, PrefixLength, MessageHeaderType.None, default, default);
        if (metadataLength < 0)
            throw new ArrowFormatException($"The IPC message at byte {position} declares a metadata length of {metadataLength}.");
        var afterPrefix = available - PrefixLength;
        if (metadataLength > afterPrefix)
            throw new ArrowFormatException($"The IPC message at byte {position} declares {metadataLength} bytes of metadata, only {afterPrefix} follow.");
        var metadata = data.Slice(position + PrefixLength, metadataLength);

        var limits = FlatBufferLimits.For(metadataLength);
        var message = FlatBufferTable.ReadRoot(metadata.Span, ref limits);
        CheckVersion(message.GetInt16(MessageSlots.Version, (short)MetadataVersion.V1), position);
        var headerType = (MessageHeaderType)message.GetUInt8(MessageSlots.HeaderType, 0);
        if (headerType == MessageHeaderType.None)
            throw new ArrowFormatException($"The IPC message at byte {position} has no header type.");
        var bodyLength = message.GetInt64(MessageSlots.BodyLength, 0);
        var afterMetadata = afterPrefix - metadataLength;
        if (bodyLength < 0 || bodyLength > afterMetadata)
            throw new ArrowFormatException($"The IPC message at byte {position} declares a body of {bodyLength} bytes, only {afterMetadata} follow its metadata.");
        var body = data.Slice(position + PrefixLength + metadataLength, (int)bodyLength);
        return new EncapsulatedMessage(position, PrefixLength + metadataLength + (int)bodyLength, headerType, metadata, body);
    }

    /// <summary>Opens the message's header table; the caller has checked <see cref="HeaderType"/>.</summary>
    public FlatBufferTable OpenHeader(ref FlatBufferLimits limits)
    {
        var message = FlatBufferTable.ReadRoot(Metadata.Span, ref limits);
        if (!message.TryGetUnion(MessageSlots.Header, out var header))
            throw new ArrowFormatException($"The {HeaderType} message at byte {Position} has no header table.");
        return header;
    }

    private static void CheckVersion(short version, int position)
    {
        // V4 and V5 differ only in the layout of unions, which Quiver refuses anyway.
        switch ((MetadataVersion)version)
        {
            case MetadataVersion.V4 or MetadataVersion.V5:
                return;
            case MetadataVersion.V1 or MetadataVersion.V2 or MetadataVersion.V3:
                throw new ArrowNotSupportedException($"The IPC message at byte {position} uses metadata version V{version + 1}; Quiver reads V4 and V5.");
            case > MetadataVersion.V5:
                throw new ArrowNotSupportedException($"The IPC message at byte {position} uses metadata version {version}, newer than V5, the latest Quiver knows.");
            default:
                throw new ArrowFormatException($"The IPC message at byte {position} has metadata version {version}.");
        }
    }
}

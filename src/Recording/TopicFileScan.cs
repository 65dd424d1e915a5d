using System.Buffers.Binary;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Recording;

/// <summary>Where one recorded sample sits in its topic file: its dictionary batches and record batch, <paramref name="Length"/> bytes from <paramref name="Offset"/>.</summary>
public readonly record struct ScannedSample(long Offset, int Length);

/// <summary>
/// A topic file read message by message, framing and header type only (no batch is decoded):
/// the schema message, each sample's place, and, when the file is damaged or cut short (a killed
/// recorder, a full disk), where the readable part ends and why.
/// </summary>
public sealed class TopicFileScan
{
    private const int PrefixLength = 8;
    private const uint ContinuationMarker = 0xFFFFFFFF;

    private TopicFileScan(string path, byte[] schemaMessage, List<ScannedSample> samples, bool endsWithMarker, string? damage)
    {
        Path = path;
        SchemaMessage = schemaMessage;
        Samples = samples;
        EndsWithMarker = endsWithMarker;
        Damage = damage;
    }

    public string Path { get; }

    /// <summary>The schema message the publisher announced, byte for byte.</summary>
    public byte[] SchemaMessage { get; }

    /// <summary>The readable samples, in order: sample i is record batch i of the stream.</summary>
    public IReadOnlyList<ScannedSample> Samples { get; }

    /// <summary>True when the recorder closed the file (it ends with the end-of-stream marker).</summary>
    public bool EndsWithMarker { get; }

    /// <summary>Null when every byte up to the end (or the marker) is whole messages; otherwise where reading stopped and why.</summary>
    public string? Damage { get; }

    /// <summary>Scans <paramref name="path"/>; throws <see cref="RecordingException"/> only when not even its schema is readable.</summary>
    public static TopicFileScan Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var reader = new MessageReader(file);
        byte[] schema;
        try
        {
            var first = reader.Next() ?? throw new ArrowFormatException("the file is empty or starts with an end-of-stream marker");
            if (first.Type != MessageHeaderType.Schema)
                throw new ArrowFormatException($"its first message is a {first.Type}, not a schema");
            schema = reader.ReadBytes(first.Offset, (int)first.Length);
            IpcMessageReader.ReadSchema(schema);
        }
        catch (Exception e) when (e is ArrowFormatException or ArrowNotSupportedException)
        {
            throw new RecordingException($"'{path}' is not a recorded topic: {e.Message}", e);
        }

        var samples = new List<ScannedSample>();
        long sampleStart = -1;
        try
        {
            while (reader.Next() is { } message)
            {
                if (sampleStart < 0)
                    sampleStart = message.Offset;
                switch (message.Type)
                {
                    case MessageHeaderType.DictionaryBatch:
                        continue;
                    case MessageHeaderType.RecordBatch:
                        var length = message.Offset + message.Length - sampleStart;
                        if (length > int.MaxValue)
                            throw new ArrowFormatException($"the sample at byte {sampleStart} is {length} bytes, more than a sample can hold");
                        samples.Add(new ScannedSample(sampleStart, (int)length));
                        sampleStart = -1;
                        break;
                    default:
                        throw new ArrowFormatException($"the message at byte {message.Offset} is a {message.Type}, not a dictionary or record batch");
                }
            }
            return new TopicFileScan(path, schema, samples, reader.SawMarker,
                sampleStart >= 0 ? $"stopped at byte {sampleStart} (after batch {samples.Count}): dictionary batches without their record batch" : null);
        }
        catch (ArrowFormatException e)
        {
            var at = sampleStart >= 0 ? sampleStart : reader.Position;
            return new TopicFileScan(path, schema, samples, false, $"stopped at byte {at} (after batch {samples.Count}): {e.Message}");
        }
    }

    private readonly record struct Message(long Offset, long Length, MessageHeaderType Type);

    /// <summary>Reads message prefixes and metadata, seeking past bodies.</summary>
    private sealed class MessageReader(FileStream file)
    {
        private readonly byte[] _prefix = new byte[PrefixLength];
        private readonly long _fileLength = file.Length;

        public long Position { get; private set; }
        public bool SawMarker { get; private set; }

        /// <summary>The next message; null at the end of the file or at the end-of-stream marker.</summary>
        public Message? Next()
        {
            var left = _fileLength - Position;
            if (left == 0)
                return null;
            if (left < PrefixLength)
                throw new ArrowFormatException($"the message at byte {Position} is cut short: {left} bytes of its 8-byte prefix");
            ReadExactly(Position, _prefix);
            var marker = BinaryPrimitives.ReadUInt32LittleEndian(_prefix);
            if (marker != ContinuationMarker)
                throw new ArrowFormatException($"the message at byte {Position} starts with 0x{marker:X8}, not the continuation marker");
            var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_prefix.AsSpan(4));
            if (metadataLength == 0)
            {
                SawMarker = true;
                return null;
            }
            if (metadataLength < 0 || metadataLength > left - PrefixLength)
                throw new ArrowFormatException($"the message at byte {Position} declares {metadataLength} bytes of metadata, {left - PrefixLength} follow");
            var metadata = ReadBytes(Position + PrefixLength, metadataLength);
            var limits = FlatBufferLimits.For(metadataLength);
            var table = FlatBufferTable.ReadRoot(metadata, ref limits);
            var type = (MessageHeaderType)table.GetUInt8(MessageSlots.HeaderType, 0);
            var bodyLength = table.GetInt64(MessageSlots.BodyLength, 0);
            var afterMetadata = left - PrefixLength - metadataLength;
            if (bodyLength < 0 || bodyLength > afterMetadata)
                throw new ArrowFormatException($"the message at byte {Position} is cut short: its body is {bodyLength} bytes, {afterMetadata} follow");
            var message = new Message(Position, PrefixLength + metadataLength + bodyLength, type);
            Position += message.Length;
            return message;
        }

        public byte[] ReadBytes(long offset, int length)
        {
            var bytes = new byte[length];
            ReadExactly(offset, bytes);
            return bytes;
        }

        private void ReadExactly(long offset, Span<byte> into)
        {
            file.Position = offset;
            file.ReadExactly(into);
        }
    }
}

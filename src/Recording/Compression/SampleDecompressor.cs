using System.Buffers.Binary;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Recording;

/// <summary>
/// Turns batch messages with compressed bodies back into the uncompressed messages Quiver sends:
/// <see cref="Measure"/> reads the headers and each buffer's declared length and lays the body out
/// as Quiver's writers do (every buffer 64-byte aligned, zero padding), then <see cref="WriteTo"/>
/// writes the header without compression and decompresses every buffer straight into the
/// destination, such as a loaned sample. Messages that are not compressed are copied as they are.
/// Nothing from the file is trusted: a declared length beyond what the codec can expand to, a bad
/// frame or a frame of another length throws <see cref="ArrowFormatException"/> before or instead
/// of writing past what was measured. Not thread-safe: one per reader.
/// </summary>
internal sealed class SampleDecompressor : IDisposable
{
    private readonly Dictionary<BodyCompressionCodec, BufferCodec> _codecs = [];
    private readonly List<Planned> _plan = [];

    /// <summary>The uncompressed length of the messages in <paramref name="data"/> from <paramref name="start"/> for <paramref name="length"/> bytes; <see cref="WriteTo"/> writes them.</summary>
    public int Measure(ReadOnlyMemory<byte> data, int start, int length)
    {
        _plan.Clear();
        var total = 0L;
        var position = start;
        while (position < start + length)
        {
            var message = EncapsulatedMessage.Read(data, position);
            if (message.IsEndOfStream)
                throw new ArrowFormatException($"The end-of-stream marker at byte {position} is inside a sample.");
            var planned = Plan(data, message);
            _plan.Add(planned);
            total += planned.Length;
            if (total > Array.MaxLength)
                throw new ArrowFormatException($"The sample at byte {start} would decompress to more than {Array.MaxLength} bytes, more than a sample holds.");
            position += message.Length;
        }
        return (int)total;
    }

    /// <summary>Writes what <see cref="Measure"/> measured into exactly that many bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        var at = 0;
        foreach (var planned in _plan)
        {
            var target = destination.Slice(at, (int)planned.Length);
            if (planned.Prefix is null)
                planned.Bytes.Span.CopyTo(target);
            else
                Decompress(planned, target);
            at += (int)planned.Length;
        }
        if (at != destination.Length)
            throw new ArgumentException($"The measured messages are {at} bytes; the destination has {destination.Length}.", nameof(destination));
    }

    public void Dispose()
    {
        foreach (var codec in _codecs.Values)
            codec.Dispose();
    }

    private Planned Plan(ReadOnlyMemory<byte> data, in EncapsulatedMessage message)
    {
        var bytes = data.Slice(message.Position, message.Length);
        var header = message.HeaderType == MessageHeaderType.Schema ? null : BatchMessageHeader.Read(message);
        if (header?.Codec is not { } codec)
            return new Planned(message, bytes, null, [], [], message.Length, default);
        var expansion = CodecFor(codec).MaxExpansion;
        var regions = new IpcBufferRegion[header.Buffers.Length];
        var body = 0L;
        for (var i = 0; i < regions.Length; i++)
        {
            var length = DecompressedLength(message, header.Buffers[i], expansion, i);
            regions[i] = new IpcBufferRegion(body, length);
            body += Align(length);
        }
        var prefix = header.EncodePrefix(regions, body, codec: null);
        return new Planned(message, bytes, prefix, header.Buffers, regions, prefix.Length + body, codec);
    }

    private static long DecompressedLength(in EncapsulatedMessage message, IpcBufferRegion stored, long expansion, int index)
    {
        if (stored.Length == 0)
            return 0;
        if (stored.Length < sizeof(long))
            throw Damage(message, index, $"is {stored.Length} bytes, too short for its 8-byte uncompressed length");
        var declared = BinaryPrimitives.ReadInt64LittleEndian(message.Body.Span[(int)stored.Offset..]);
        var data = stored.Length - sizeof(long);
        if (declared == -1)
            return data;
        if (declared < 0 || declared > data * expansion + MessageEncoder.Alignment)
            throw Damage(message, index, $"declares {declared} uncompressed bytes for {data} compressed ones, more than the codec can expand to");
        return declared;
    }

    private void Decompress(in Planned planned, Span<byte> target)
    {
        var message = planned.Message;
        var prefix = planned.Prefix!;
        prefix.CopyTo(target);
        var body = target[prefix.Length..];
        body.Clear();
        var codec = CodecFor(planned.Codec);
        for (var i = 0; i < planned.Regions.Length; i++)
        {
            var stored = planned.Stored[i];
            var region = planned.Regions[i];
            if (stored.Length == 0)
                continue;
            var source = message.Body.Slice((int)stored.Offset + sizeof(long), (int)stored.Length - sizeof(long));
            var destination = body.Slice((int)region.Offset, (int)region.Length);
            if (BinaryPrimitives.ReadInt64LittleEndian(message.Body.Span[(int)stored.Offset..]) == -1)
            {
                source.Span.CopyTo(destination);
                continue;
            }
            try
            {
                codec.Decompress(source, destination);
            }
            catch (ArrowFormatException e)
            {
                throw Damage(message, i, e.Message);
            }
        }
    }

    private BufferCodec CodecFor(BodyCompressionCodec codec)
    {
        if (!_codecs.TryGetValue(codec, out var found))
            _codecs[codec] = found = BufferCodec.For(codec);
        return found;
    }

    /// <summary>One message to write: its bytes as stored; for a compressed one, the uncompressed prefix and each buffer's stored and uncompressed region.</summary>
    private readonly record struct Planned(EncapsulatedMessage Message, ReadOnlyMemory<byte> Bytes, byte[]? Prefix, IpcBufferRegion[] Stored, IpcBufferRegion[] Regions, long Length, BodyCompressionCodec Codec);

    private static long Align(long length) => (length + MessageEncoder.Alignment - 1) / MessageEncoder.Alignment * MessageEncoder.Alignment;

    private static ArrowFormatException Damage(in EncapsulatedMessage message, int buffer, string problem) =>
        new($"buffer {buffer} of the compressed {message.HeaderType} message at byte {message.Position} {problem}");
}

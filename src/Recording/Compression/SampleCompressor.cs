using System.Buffers.Binary;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Recording;

/// <summary>
/// Re-encodes a sample (its dictionary batches, then its record batch) with compressed bodies:
/// each buffer becomes its uncompressed length as an int64 and the compressed bytes, or -1 and the
/// bytes as they were when compressing does not make them smaller (Message.fbs, BodyCompression
/// method BUFFER), padded to 8 bytes; the header is the same with the new buffer regions, body
/// length and the codec. The result is one region, written to the file in one write as any
/// sample is. Not thread-safe: one per topic writer.
/// </summary>
internal sealed class SampleCompressor : IDisposable
{
    private const int BufferAlignment = 8;
    private readonly BufferCodec _codec;
    private byte[] _output = new byte[1024];
    private int _length;

    public SampleCompressor(RecordingCompression compression) => _codec = BufferCodec.For(compression);

    /// <summary>
    /// The compressed sample, valid until the next call. A sample this cannot re-encode (not batch
    /// messages Quiver reads, already compressed) comes back as it is: the recording keeps what was
    /// published, and its readers judge it as they would without compression.
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlyMemory<byte> sample)
    {
        try
        {
            _length = 0;
            var position = 0;
            while (position < sample.Length)
            {
                var message = EncapsulatedMessage.Read(sample, position);
                AppendCompressed(message);
                position += message.Length;
            }
            return _output.AsSpan(0, _length);
        }
        catch (Exception e) when (e is ArrowFormatException or ArrowNotSupportedException)
        {
            return sample.Span;
        }
    }

    public void Dispose() => _codec.Dispose();

    private void AppendCompressed(in EncapsulatedMessage message)
    {
        var header = BatchMessageHeader.Read(message);
        if (header.Codec is not null)
            throw new ArrowNotSupportedException($"The message at byte {message.Position} is compressed already.");
        // The body goes after a prefix whose length depends on nothing but the counts: reserve the uncompressed bound and write the body first.
        var prefixLength = header.EncodePrefix(header.Buffers, 0, _codec.Codec).Length;
        var bodyStart = _length + prefixLength;
        Reserve(bodyStart);
        var regions = new IpcBufferRegion[header.Buffers.Length];
        var body = 0L;
        for (var i = 0; i < regions.Length; i++)
        {
            var source = header.Buffers[i];
            var bytes = message.Body.Slice((int)source.Offset, (int)source.Length);
            var written = bytes.IsEmpty ? 0 : WriteBuffer(bytes, bodyStart + (int)body);
            regions[i] = new IpcBufferRegion(body, written);
            body += Pad(written);
        }
        var prefix = header.EncodePrefix(regions, body, _codec.Codec);
        if (prefix.Length != prefixLength)
            throw new InvalidOperationException($"The prefix was reserved as {prefixLength} bytes and came out as {prefix.Length}: its size must depend on the counts alone.");
        prefix.CopyTo(_output.AsSpan(_length));
        _length = bodyStart + (int)body;
    }

    /// <summary>Writes one buffer as BUFFER compression lays it out at <paramref name="at"/>; returns its length before padding.</summary>
    private int WriteBuffer(ReadOnlyMemory<byte> bytes, int at)
    {
        var pays = _codec.TryCompress(bytes, out var compressed);
        var stored = pays ? compressed : bytes.Span;
        var length = sizeof(long) + stored.Length;
        Reserve(at + Pad(length));
        var target = _output.AsSpan(at, Pad(length));
        BinaryPrimitives.WriteInt64LittleEndian(target, pays ? bytes.Length : -1);
        stored.CopyTo(target[sizeof(long)..]);
        target[length..].Clear();
        return length;
    }

    private void Reserve(long length)
    {
        if (length > Array.MaxLength)
            throw new ArrowNotSupportedException($"The compressed sample would be {length} bytes, more than one write holds.");
        if (length > _output.Length)
            Array.Resize(ref _output, (int)Math.Min(Array.MaxLength, Math.Max(length, 2L * _output.Length)));
    }

    private static int Pad(int length) => (length + BufferAlignment - 1) / BufferAlignment * BufferAlignment;
}

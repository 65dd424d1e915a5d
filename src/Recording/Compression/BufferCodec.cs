using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using K4os.Compression.LZ4.Streams;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using ZstdSharp;

namespace Quiver.Recording;

/// <summary>
/// One codec of Arrow IPC body compression applied to single buffers. Compression goes through
/// Apache.Arrow's codecs, the ones Arrow readers are tested against. Decompression calls ZstdSharp
/// and K4os directly: into a span of exactly the declared length, and checking that the frame
/// ends there, so a wrong declared length is an error rather than bytes silently cut off.
/// Not thread-safe: one per writer or reader.
/// </summary>
internal sealed class BufferCodec : IDisposable
{
    private static readonly CompressionCodecFactory Factory = new();
    private readonly ICompressionCodec _compressor;
    private readonly Decompressor? _zstd;
    private readonly MemoryStream _compressed = new();

    private BufferCodec(BodyCompressionCodec codec)
    {
        Codec = codec;
        _compressor = Factory.CreateCodec(codec == BodyCompressionCodec.Zstd ? CompressionCodecType.Zstd : CompressionCodecType.Lz4Frame);
        if (codec == BodyCompressionCodec.Zstd)
            _zstd = new Decompressor();
    }

    public BodyCompressionCodec Codec { get; }

    /// <summary>
    /// How many times its compressed size a buffer can decompress to, with margin: a zstd block
    /// of at most 128 KiB takes at least 4 bytes (an RLE block), an LZ4 sequence expands at most
    /// about 255 times. A declared length beyond it is damage, refused before anything is allocated.
    /// </summary>
    public long MaxExpansion => Codec == BodyCompressionCodec.Zstd ? 1L << 15 : 1L << 8;

    public static BufferCodec For(RecordingCompression compression) => compression switch
    {
        RecordingCompression.Zstd => new BufferCodec(BodyCompressionCodec.Zstd),
        RecordingCompression.Lz4 => new BufferCodec(BodyCompressionCodec.Lz4Frame),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Not a codec."),
    };

    public static BufferCodec For(BodyCompressionCodec codec) => new(codec);

    /// <summary>The compressed form of <paramref name="source"/> when it is smaller than the source (valid until the next call); otherwise false.</summary>
    public bool TryCompress(ReadOnlyMemory<byte> source, out ReadOnlySpan<byte> compressed)
    {
        _compressed.SetLength(0);
        _compressor.Compress(source, _compressed);
        compressed = _compressed.GetBuffer().AsSpan(0, (int)_compressed.Length);
        return compressed.Length < source.Length;
    }

    /// <summary>Decompresses <paramref name="source"/> into all of <paramref name="destination"/>; throws <see cref="ArrowFormatException"/> unless it is exactly that long.</summary>
    public void Decompress(ReadOnlyMemory<byte> source, Span<byte> destination)
    {
        int written;
        bool endsThere;
        try
        {
            (written, endsThere) = _zstd is { } zstd ? (zstd.Unwrap(source.Span, destination), true) : DecompressLz4(source, destination);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The libraries report bad frames with exceptions of their own types.
            throw new ArrowFormatException($"does not decompress into its declared {destination.Length} bytes ({Codec}: {e.Message})", e);
        }
        if (written != destination.Length || !endsThere)
            throw new ArrowFormatException($"decompresses to {(endsThere ? written.ToString() : "more")} bytes, not its declared {destination.Length} ({Codec})");
    }

    public void Dispose()
    {
        _compressor.Dispose();
        _zstd?.Dispose();
    }

    private static (int Written, bool EndsThere) DecompressLz4(ReadOnlyMemory<byte> source, Span<byte> destination)
    {
        using var frame = LZ4Frame.Decode(source);
        var written = frame.ReadManyBytes(destination);
        return (written, frame.ReadOneByte() < 0);
    }
}

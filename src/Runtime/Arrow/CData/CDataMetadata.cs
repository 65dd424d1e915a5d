using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Quiver.Arrow.CData;

/// <summary>
/// The binary metadata of <see cref="CArrowSchema.metadata"/>: an int32 pair count, then for each
/// pair an int32 byte length and the UTF-8 key, an int32 byte length and the UTF-8 value, all
/// integers in native byte order. No metadata is a null pointer, never an empty encoding.
/// </summary>
internal static unsafe class CDataMetadata
{
    /// <summary>
    /// The encoding carries no total length, so a producer's lengths are the only bound; this
    /// budget stops a corrupt count or length from walking through memory or allocating without end.
    /// </summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>The encoding, or null when there is no metadata.</summary>
    public static byte[]? Encode(KeyValueMetadata metadata)
    {
        if (metadata.Count == 0)
            return null;
        var size = 4L;
        foreach (var (key, value) in metadata)
            size += 8L + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        if (size > MaxBytes)
            throw new ArgumentException($"The metadata takes {size} bytes; the C Data export allows {MaxBytes}.", nameof(metadata));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        WriteInt32(ref span, metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(ref span, key);
            WriteString(ref span, value);
        }
        return bytes;
    }

    public static KeyValueMetadata Decode(byte* metadata, string path)
    {
        if (metadata == null)
            return KeyValueMetadata.Empty;
        long position = 0;
        var count = ReadLength(metadata, ref position, path, "pair count");
        var pairs = new List<KeyValuePair<string, string>>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            var key = ReadString(metadata, ref position, path, $"key {i}");
            var value = ReadString(metadata, ref position, path, $"value {i}");
            pairs.Add(new(key, value));
        }
        return new KeyValueMetadata(pairs);
    }

    private static void WriteInt32(ref Span<byte> span, int value)
    {
        if (BitConverter.IsLittleEndian)
            BinaryPrimitives.WriteInt32LittleEndian(span, value);
        else
            BinaryPrimitives.WriteInt32BigEndian(span, value);
        span = span[4..];
    }

    private static void WriteString(ref Span<byte> span, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, span[4..]);
        WriteInt32(ref span, length);
        span = span[length..];
    }

    private static int ReadLength(byte* metadata, ref long position, string path, string what)
    {
        if (position + 4 > MaxBytes)
            throw Fail(path, $"the {what} lies beyond the {MaxBytes}-byte limit");
        // Native byte order, as the spec says; the producer lives in this process.
        var value = Unsafe.ReadUnaligned<int>(metadata + position);
        position += 4;
        if (value < 0)
            throw Fail(path, $"the {what} is negative ({value})");
        return value;
    }

    private static string ReadString(byte* metadata, ref long position, string path, string what)
    {
        var length = ReadLength(metadata, ref position, path, $"length of {what}");
        if (position + length > MaxBytes)
            throw Fail(path, $"{what} ({length} bytes) goes beyond the {MaxBytes}-byte limit");
        var text = NativeUtf8.Decode(new ReadOnlySpan<byte>(metadata + position, length), $"ArrowSchema metadata at {path}, {what},");
        position += length;
        return text;
    }

    private static ArrowFormatException Fail(string path, string problem) =>
        new($"Invalid ArrowSchema metadata at {path}: {problem}.");
}

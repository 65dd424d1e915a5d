using System.Buffers.Binary;
using System.Text;

namespace Quiver.Arrow.Ipc.Flatbuffers;

/// <summary>Shared checks and decoding for <see cref="FlatBufferTable"/> and <see cref="FlatBufferVector"/>.</summary>
internal static class FlatBufferFormat
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ArrowFormatException Invalid(string problem) => new($"Invalid flatbuffer: {problem}.");

    /// <summary>
    /// Follows the unsigned offset stored at <paramref name="at"/> (which the caller has bounds-checked)
    /// and checks that at least <paramref name="minSize"/> bytes exist at the target.
    /// </summary>
    public static int Follow(ReadOnlySpan<byte> buffer, int at, int minSize, string what)
    {
        var value = ReadUInt32(buffer, at);
        // Offsets point forward and are at most 2^31-1 in every flatbuffers implementation; 0 would point at itself.
        if (value == 0 || value > int.MaxValue)
            throw Invalid($"the offset to the {what} at byte {at} is {value}");
        var target = at + (long)value;
        if (target + minSize > buffer.Length)
            throw Invalid($"the {what} referenced at byte {at} starts at byte {target}, beyond the {buffer.Length}-byte buffer");
        return (int)target;
    }

    public static string ReadString(ReadOnlySpan<byte> buffer, ref FlatBufferLimits limits, int at)
    {
        var start = Follow(buffer, at, 4, "string");
        var length = ReadUInt32(buffer, start);
        var bytesAfterLength = buffer.Length - start - 4L;
        // The terminating zero is part of the format; readers such as Arrow C++'s verifier require it.
        if (length >= bytesAfterLength)
            throw Invalid($"the string at byte {start} declares {length} bytes plus its terminator, only {bytesAfterLength} follow");
        var bytes = buffer.Slice(start + 4, (int)length);
        if (buffer[start + 4 + (int)length] != 0)
            throw Invalid($"the string at byte {start} is not zero-terminated");
        limits.StringBytesLeft -= length;
        if (limits.StringBytesLeft < 0)
            throw Invalid("its strings decode to more bytes than a buffer of this size can honestly hold");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid($"the string at byte {start} is not valid UTF-8");
        }
    }

    public static ushort ReadUInt16(ReadOnlySpan<byte> buffer, int at) => BinaryPrimitives.ReadUInt16LittleEndian(buffer[at..]);

    public static uint ReadUInt32(ReadOnlySpan<byte> buffer, int at) => BinaryPrimitives.ReadUInt32LittleEndian(buffer[at..]);
}

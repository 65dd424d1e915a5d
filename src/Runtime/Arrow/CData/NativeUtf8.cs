using System.Text;

namespace Quiver.Arrow.CData;

/// <summary>Reads and writes the null-terminated UTF-8 strings of the C structs.</summary>
internal static unsafe class NativeUtf8
{
    /// <summary>Longest string accepted from a producer; a missing terminator stops here instead of running through memory.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string at <paramref name="text"/>, or null for a null pointer.</summary>
    public static string? Read(byte* text, string what)
    {
        if (text == null)
            return null;
        // Byte by byte, like strlen: a vectorised search could read past the terminator into an unmapped page.
        var length = 0;
        while (text[length] != 0)
        {
            if (++length > MaxBytes)
                throw new ArrowFormatException($"{what} has no terminating zero within {MaxBytes} bytes.");
        }
        return Decode(new ReadOnlySpan<byte>(text, length), what);
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ArrowFormatException($"{what} is not valid UTF-8.", e);
        }
    }

    /// <summary>Lenient read for error texts, which are shown, not parsed.</summary>
    public static string? ReadLenient(byte* text, int maxBytes)
    {
        if (text == null)
            return null;
        var length = 0;
        while (length < maxBytes && text[length] != 0)
            length++;
        return Encoding.UTF8.GetString(text, length);
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/> followed by a zero.</summary>
    public static byte[] Terminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}

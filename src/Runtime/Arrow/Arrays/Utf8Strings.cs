using System.Text;

namespace Quiver.Arrow.Arrays;

internal static class Utf8Strings
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ArrowFormatException("A string value is not valid UTF-8.", e);
        }
    }
}

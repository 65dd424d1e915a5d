using System.Security.Cryptography;

namespace Quiver.Tests;

/// <summary>
/// The images the bridge tests send: image <c>n</c> carries <c>length</c> bytes that depend on
/// both, so a byte out of place, a mixed-up message or a truncated one changes its digest.
/// </summary>
public static class ImagePattern
{
    public static byte[] Data(int n, int length)
    {
        var data = new byte[length];
        for (int k = 0; k < length; k++)
            data[k] = (byte)((k * 131) ^ (k >> 9) ^ (n * 17));
        return data;
    }

    public static string FrameId(int n) => $"frame-{n}";

    public static string Digest(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}

using System.Security.Cryptography;
using System.Text;

namespace Quiver.Generator.Canonical;

/// <summary>A message's fingerprint: the first 8 bytes of the SHA-256 of its canonical schema text (UTF-8), as 16 lowercase hex digits.</summary>
public static class SchemaFingerprint
{
    public const int ByteCount = 8;

    public static string Compute(string canonicalSchema)
    {
        byte[] hash;
        using (var sha = SHA256.Create())
            hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonicalSchema));
        var hex = new StringBuilder(ByteCount * 2);
        for (var i = 0; i < ByteCount; i++)
            hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString();
    }
}

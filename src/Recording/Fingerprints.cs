using System.Globalization;

namespace Quiver.Recording;

/// <summary>Fingerprints as the generator prints them: 16 lower-case hex digits.</summary>
public static class Fingerprints
{
    public static string Format(ulong fingerprint) => fingerprint.ToString("x16", CultureInfo.InvariantCulture);

    public static ulong Parse(string text) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && text.Length == 16
            ? value
            : throw new RecordingException($"'{text}' is not a fingerprint (16 hex digits).");
}

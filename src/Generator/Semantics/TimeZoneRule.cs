namespace Quiver.Generator.Semantics;

/// <summary>
/// What a timestamp's time zone may contain: the characters of IANA names ("Europe/Paris",
/// "Etc/GMT+5") and of fixed offsets ("+01:00"). Nothing in it needs quoting in the canonical
/// schema form. Whether the zone exists is left to the Arrow reader, as Arrow itself does.
/// </summary>
internal static class TimeZoneRule
{
    public static bool IsValid(string timeZone) =>
        timeZone.Length > 0 && timeZone.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '/' or '_' or '+' or '-' or ':' or '.');
}

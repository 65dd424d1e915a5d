namespace Quiver.Bridge;

/// <summary>
/// The JetStream stream of a topic: <c>quiver~&lt;prefix&gt;~&lt;subject of the topic&gt;</c> with the
/// subject's '.' written '+'. Neither '~' nor '+' can occur in a prefix or an escaped topic, and
/// stream names may not contain '.', so the name is one-to-one with (prefix, topic).
/// </summary>
internal static class JetStreamNames
{
    public const int MaxLength = 255;

    public static string Stream(SubjectMapping subjects, string topic) =>
        $"quiver~{subjects.Prefix}~{SubjectMapping.Escape(topic).Replace('.', '+')}";

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

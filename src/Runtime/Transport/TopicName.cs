namespace Quiver.Transport;

/// <summary>
/// Topic names: 1 to <see cref="MaxLength"/> ASCII characters, segments of letters, digits,
/// '_', '-' and '.' separated by single '/', no segment "." or "..", no leading or trailing '/'.
/// The socket file name replaces '/' by '+' (a character topics cannot contain), so distinct
/// topics get distinct files and no topic can name a path outside the runtime directory.
/// </summary>
public static class TopicName
{
    public const int MaxLength = 64;

    public static void Validate(string topic) => Validate(topic, message => new ArgumentException(message, nameof(topic)));

    internal static void Validate(string topic, Func<string, Exception> failure)
    {
        string? problem = Problem(topic);
        if (problem is not null)
            throw failure(problem);
    }

    /// <summary>The socket file name of a (valid) topic.</summary>
    public static string ToFileName(string topic)
    {
        Validate(topic);
        return topic.Replace('/', '+') + ".sock";
    }

    /// <summary>The topic a socket file name stands for, or null if the name is not one <see cref="ToFileName"/> makes.</summary>
    public static string? FromFileName(string fileName)
    {
        if (!fileName.EndsWith(".sock", StringComparison.Ordinal))
            return null;
        string topic = fileName[..^".sock".Length].Replace('+', '/');
        return Problem(topic) is null ? topic : null;
    }

    private static string? Problem(string topic)
    {
        if (topic.Length is 0 or > MaxLength)
            return $"a topic name has 1 to {MaxLength} characters; '{Shorten(topic)}' has {topic.Length}.";
        foreach (char c in topic)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/'))
                return $"topic '{Shorten(topic)}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}'; letters, digits, '_', '-', '.' and '/' are allowed.";
        }
        foreach (var segment in topic.Split('/'))
        {
            if (segment.Length == 0)
                return $"topic '{topic}' has an empty segment (leading, trailing or doubled '/').";
            if (segment is "." or "..")
                return $"topic '{topic}' has a '{segment}' segment.";
        }
        return null;
    }

    private static string Shorten(string topic) => topic.Length <= MaxLength ? topic : topic[..MaxLength] + "...";
}

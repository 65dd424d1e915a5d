using System.Text;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Topic names to NATS subjects and back, one-to-one (docs/bridge.md, "Subjects"). Messages of a
/// topic travel on <c>quiver.&lt;prefix&gt;.&lt;topic&gt;</c>, its announcements on
/// <c>quiver-schema.&lt;prefix&gt;.&lt;topic&gt;</c>. In the topic part '/' becomes '.', and the
/// two topic characters that would make the mapping ambiguous are escaped: '.' (the NATS token
/// separator) as "_2E" and '_' (the escape character itself) as "_5F". Topics cannot contain the
/// other NATS specials ('*', '>', white space), so nothing else needs escaping.
/// </summary>
public sealed class SubjectMapping
{
    public const string DataRoot = "quiver";
    public const string AnnouncementRoot = "quiver-schema";

    public SubjectMapping(string prefix)
    {
        ValidatePrefix(prefix);
        Prefix = prefix;
    }

    public string Prefix { get; }

    public string DataSubject(string topic) => $"{DataRoot}.{Prefix}.{Escape(topic)}";

    public string AnnouncementSubject(string topic) => $"{AnnouncementRoot}.{Prefix}.{Escape(topic)}";

    /// <summary>The topic a data subject of this prefix stands for, or null if it is not one <see cref="DataSubject"/> makes.</summary>
    public string? TopicOf(string subject)
    {
        string head = $"{DataRoot}.{Prefix}.";
        if (!subject.StartsWith(head, StringComparison.Ordinal))
            return null;
        string? topic = Unescape(subject[head.Length..]);
        return topic is not null && DataSubject(topic) == subject ? topic : null;
    }

    internal static string Escape(string topic)
    {
        TopicName.Validate(topic);
        var subject = new StringBuilder(topic.Length + 8);
        foreach (char c in topic)
        {
            subject.Append(c switch
            {
                '/' => ".",
                '.' => "_2E",
                '_' => "_5F",
                _ => c.ToString(),
            });
        }
        return subject.ToString();
    }

    private static string? Unescape(string tokens)
    {
        var topic = new StringBuilder(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            char c = tokens[i];
            if (c == '.')
                topic.Append('/');
            else if (c != '_')
                topic.Append(c);
            else if (tokens.AsSpan(i).StartsWith("_2E"))
                (topic, i) = (topic.Append('.'), i + 2);
            else if (tokens.AsSpan(i).StartsWith("_5F"))
                (topic, i) = (topic.Append('_'), i + 2);
            else
                return null;
        }
        string result = topic.ToString();
        try
        {
            TopicName.Validate(result);
            return result;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A prefix is one NATS token: letters, digits, '-' and '_', 1 to 64 of them.</summary>
    private static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length is 0 or > 64 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"A bridge prefix is 1 to 64 letters, digits, '-' or '_' (one NATS subject token); '{prefix}' is not.", nameof(prefix));
    }
}

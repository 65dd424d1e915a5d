namespace Quiver.Messages;

/// <summary>How a publisher's message schema relates to a subscriber's (docs/schema-language.md, "Schema evolution").</summary>
public enum SchemaVerdict
{
    /// <summary>The same columns, names, types, nullability and field metadata: samples are read as they are.</summary>
    Identical,

    /// <summary>Different, within the evolution rules: the subscriber reads through a per-connection column map.</summary>
    Compatible,

    /// <summary>A change the rules refuse; <see cref="SchemaComparison.Reason"/> names the first offending field.</summary>
    Refused,
}

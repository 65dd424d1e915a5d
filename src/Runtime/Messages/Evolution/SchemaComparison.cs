using Quiver.Arrow;

namespace Quiver.Messages;

/// <summary>
/// The verdict on a publisher's message schema read by a subscriber with its own
/// (<see cref="SchemaEvolution.Compare(Schema, Schema)"/>): identical, compatible (with what
/// differs), or refused (naming the first offending field and why).
/// </summary>
public sealed class SchemaComparison
{
    private SchemaComparison(SchemaVerdict verdict, Schema publisher, Schema subscriber, string? reason, IReadOnlyList<string> differences, ColumnMap? map)
    {
        Verdict = verdict;
        Publisher = publisher;
        Subscriber = subscriber;
        Reason = reason;
        Differences = differences;
        Map = map;
    }

    public SchemaVerdict Verdict { get; }

    /// <summary>The schema the samples are written in.</summary>
    public Schema Publisher { get; }

    /// <summary>The schema the subscriber's views read.</summary>
    public Schema Subscriber { get; }

    /// <summary>Why the subscriber cannot read the publisher's samples; null unless <see cref="SchemaVerdict.Refused"/>.</summary>
    public string? Reason { get; }

    /// <summary>What differs between two compatible schemas, one sentence each (fields read as null, skipped, reordered).</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>Where each of the subscriber's columns is in the publisher's batches; only when <see cref="SchemaVerdict.Compatible"/>.</summary>
    internal ColumnMap? Map { get; }

    internal static SchemaComparison Identical(Schema publisher, Schema subscriber) =>
        new(SchemaVerdict.Identical, publisher, subscriber, null, [], null);

    internal static SchemaComparison Compatible(Schema publisher, Schema subscriber, IReadOnlyList<string> differences, ColumnMap map) =>
        new(SchemaVerdict.Compatible, publisher, subscriber, null, differences, map);

    internal static SchemaComparison Refused(Schema publisher, Schema subscriber, string reason) =>
        new(SchemaVerdict.Refused, publisher, subscriber, reason, [], null);

    public override string ToString() => Verdict switch
    {
        SchemaVerdict.Refused => $"refused: {Reason}",
        SchemaVerdict.Compatible => "compatible: " + string.Join("; ", Differences),
        _ => "identical",
    };
}

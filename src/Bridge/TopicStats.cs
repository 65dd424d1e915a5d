namespace Quiver.Bridge;

public enum BridgeDirection
{
    Export,
    Import,
}

/// <summary>
/// The counters of one topic in one direction. Export: <see cref="Skipped"/> counts samples the
/// exporter did not forward (its queue was full, or the publisher skipped it), <see cref="Retries"/>
/// the chunks reliable mode sent to its stream again because the stream did not confirm them,
/// <see cref="Batches"/> the NATS messages that carried several small messages at once, and
/// <see cref="Queued"/> the samples waiting for NATS now. Import:
/// <see cref="Lost"/> counts messages the exporter sent that never reached the local publisher,
/// whatever the cause; the drop counters say why for those the importer saw part of.
/// </summary>
public sealed record TopicStats(
    string Topic,
    BridgeDirection Direction,
    long Messages,
    long Bytes,
    long Skipped,
    long Retries,
    long Lost,
    long DroppedIncomplete,
    long DroppedCorrupt,
    long DroppedTooLarge,
    long DroppedNoPool,
    long DroppedUnannounced,
    int ChunksInFlight,
    bool LocalPublisher,
    long Batches,
    int Queued)
{
    public override string ToString() => Direction == BridgeDirection.Export
        ? $"export {Topic}: {Messages} messages, {Bytes} bytes, {Batches} batches, {Queued} queued, {Skipped} skipped, {Retries} retries, publisher {(LocalPublisher ? "up" : "absent")}"
        : $"import {Topic}: {Messages} messages, {Bytes} bytes, {Lost} lost (incomplete {DroppedIncomplete}, corrupt {DroppedCorrupt}, too large {DroppedTooLarge}, pool full {DroppedNoPool}, unannounced {DroppedUnannounced}), {ChunksInFlight} chunks in flight, local publisher {(LocalPublisher ? "up" : "absent")}";
}

/// <summary>A bridge's counters: one entry per topic and direction, and the NATS reconnects so far.</summary>
public sealed record BridgeStats(IReadOnlyList<TopicStats> Topics, long Reconnects)
{
    public TopicStats this[string topic] => Topics.Single(t => t.Topic == topic);
}

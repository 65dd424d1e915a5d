namespace Quiver.Recording;

/// <summary>What <c>quiver inspect</c> shows of one topic: counted from the files themselves, skips and drops from the metadata.</summary>
public sealed record TopicSummary(
    string Topic,
    IReadOnlyList<string> MessageTypes,
    IReadOnlyList<string> Fingerprints,
    IReadOnlyList<string> Files,
    long Messages,
    long Bytes,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    double DurationSeconds,
    double MessagesPerSecond,
    long SkippedByPublisher,
    long DroppedByRecorder);

/// <summary>A recording's summary: <c>quiver inspect</c> prints it as a table or as JSON.</summary>
public sealed record RecordingSummary(
    string Directory,
    string ToolVersion,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? StoppedBecause,
    double DurationSeconds,
    IReadOnlyList<TopicSummary> Topics,
    IReadOnlyList<string> Problems)
{
    public static RecordingSummary Of(RecordingReader recording)
    {
        var metadata = recording.Metadata;
        var topics = metadata.Topics.Select(topic => Summarize(topic, recording.Files.Where(f => f.Topic == topic.Topic).ToList())).ToList();
        var ended = metadata.Ended;
        var duration = ((ended ?? topics.Max(t => t.Last) ?? metadata.Started) - metadata.Started).TotalSeconds;
        return new RecordingSummary(recording.Directory, metadata.ToolVersion, metadata.Started, ended,
            metadata.StoppedBecause ?? (ended is null ? "did not finish (the recorder was killed or is still running)" : null),
            Math.Max(duration, 0), topics, recording.Problems);
    }

    private static TopicSummary Summarize(RecordedTopic topic, List<OpenedFile> files)
    {
        var times = files.SelectMany(f => f.PublishedNanoseconds).Where(t => t != 0).ToList();
        DateTimeOffset? first = times.Count == 0 ? null : UnixClock.ToTime(times.Min());
        DateTimeOffset? last = times.Count == 0 ? null : UnixClock.ToTime(times.Max());
        var messages = files.Sum(f => f.Scan?.Samples.Count ?? 0);
        var duration = first is { } from && last is { } to ? (to - from).TotalSeconds : 0;
        return new TopicSummary(
            topic.Topic,
            [.. files.Select(f => f.Metadata.MessageType).Distinct()],
            [.. files.Select(f => f.Metadata.Fingerprint).Distinct()],
            [.. files.Select(f => f.Metadata.File)],
            messages,
            files.Sum(f => f.Scan?.Samples.Sum(s => (long)s.Length) ?? 0),
            first,
            last,
            duration,
            duration > 0 ? (messages - 1) / duration : 0,
            topic.SkippedByPublisher,
            topic.DroppedByRecorder);
    }
}

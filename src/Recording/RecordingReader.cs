using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Quiver.Recording;

/// <summary>One topic file of an opened recording: what the metadata says, what the scan found, and each sample's publish time.</summary>
public sealed record OpenedFile(string Topic, RecordedFile Metadata, TopicFileScan? Scan, long[] PublishedNanoseconds, string? Problem);

/// <summary>
/// A recording opened for reading (inspect, play): its metadata, a scan of every topic file and
/// the publish times from the index. Damage anywhere (a file cut short, missing, an index that
/// ends early) is collected in <see cref="Problems"/>; what is readable stays usable. A sample
/// the index does not list (the recorder was killed before writing its row) gets the time of the
/// sample before it.
/// </summary>
public sealed class RecordingReader
{
    private RecordingReader(string directory, RecordingMetadata metadata, IReadOnlyList<OpenedFile> files, IReadOnlyList<string> problems)
    {
        Directory = directory;
        Metadata = metadata;
        Files = files;
        Problems = problems;
    }

    public string Directory { get; }
    public RecordingMetadata Metadata { get; }

    /// <summary>Every topic file, topic by topic in the metadata's order, parts in order.</summary>
    public IReadOnlyList<OpenedFile> Files { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>Opens <paramref name="directory"/>; throws <see cref="RecordingException"/> when it is not a recording.</summary>
    public static RecordingReader Open(string directory)
    {
        var metadata = RecordingMetadata.Load(directory);
        var problems = new List<string>();
        var times = ReadIndex(directory, problems);
        var files = new List<OpenedFile>();
        foreach (var topic in metadata.Topics)
        {
            foreach (var file in topic.Files)
                files.Add(OpenFile(directory, topic.Topic, file, times, problems));
        }
        return new RecordingReader(directory, metadata, files, problems);
    }

    private static OpenedFile OpenFile(string directory, string topic, RecordedFile file, Dictionary<(string, long), long> times, List<string> problems)
    {
        TopicFileScan scan;
        try
        {
            scan = TopicFileScan.Read(Path.Combine(directory, file.File));
        }
        catch (Exception e) when (e is RecordingException or IOException)
        {
            problems.Add(e.Message);
            return new OpenedFile(topic, file, null, [], e.Message);
        }
        if (scan.Damage is { } damage)
            problems.Add($"{file.File}: {damage}");
        var published = new long[scan.Samples.Count];
        var unlisted = 0;
        for (var batch = 0; batch < published.Length; batch++)
        {
            if (times.TryGetValue((file.File, batch), out var time))
                published[batch] = time;
            else
            {
                published[batch] = batch == 0 ? EarliestTime(times) : published[batch - 1];
                unlisted++;
            }
        }
        if (unlisted > 0)
            problems.Add($"{file.File}: {unlisted} of {published.Length} messages are not in {RecordingFiles.Index}; they play right after the message before them.");
        return new OpenedFile(topic, file, scan, published, scan.Damage);

        static long EarliestTime(Dictionary<(string, long), long> times) => times.Count == 0 ? 0 : times.Values.Min();
    }

    /// <summary>Publish times by (file, batch number), read with Apache.Arrow up to the first damage.</summary>
    private static Dictionary<(string, long), long> ReadIndex(string directory, List<string> problems)
    {
        var times = new Dictionary<(string, long), long>();
        var path = Path.Combine(directory, RecordingFiles.Index);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowStreamReader(stream);
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                using (batch)
                {
                    var files = (StringArray)batch.Column("file");
                    var numbers = (Int64Array)batch.Column("batch");
                    var published = (TimestampArray)batch.Column("publish_time");
                    for (var row = 0; row < batch.Length; row++)
                        times[(files.GetString(row), numbers.GetValue(row)!.Value)] = published.GetValue(row)!.Value;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidCastException or ArgumentException or OverflowException)
        {
            problems.Add($"{RecordingFiles.Index}: read up to {times.Count} rows, then: {e.Message}");
        }
        return times;
    }
}

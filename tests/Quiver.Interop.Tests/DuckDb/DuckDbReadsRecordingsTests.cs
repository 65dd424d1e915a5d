using Quiver.Arrow.Ipc;
using Quiver.Recording;
using Quiver.DuckDb;
using Quiver.Transport;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// A recording made by Quiver.Recording opens in DuckDB with the values that were published: the
/// topic file and the index, each read as the Arrow IPC stream it is and scanned through the C
/// Data Interface. The topic lives in a runtime directory of its own, not the user's: the only
/// test of this assembly that publishes sets the process-wide variable for its duration.
/// </summary>
public sealed class DuckDbReadsRecordingsTests : IDisposable
{
    private const int Count = 5;
    private readonly DuckDbSession _duckDb = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"qv-duckdb-rec-{Guid.NewGuid():N}");
    private readonly string _runtimeDirectory = Path.Combine(Path.GetTempPath(), $"qv-duckdb-rt-{Environment.ProcessId}");
    private readonly string? _previousRuntimeDirectory = Environment.GetEnvironmentVariable(RuntimeDirectory.OverrideVariable);

    public DuckDbReadsRecordingsTests() => Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _runtimeDirectory);

    [Fact]
    public async Task A_recorded_topic_and_its_index_answer_queries_with_the_published_values()
    {
        var topic = $"duckdb/rec{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
        using (var publisher = Topic.Publish<Vision.Image>(topic))
        using (var recorder = Recorder.Start(_directory, [topic]))
        {
            using var stop = new CancellationTokenSource();
            var running = Task.Run(() => recorder.Run(stop.Token));
            for (var i = 0; i < Count; i++)
                publisher.Send(Image(i));
            Assert.True(publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
            stop.Cancel();
            Assert.Equal(Count, (await running).Topics.Single().Messages);
        }

        Assert.Equal(_runtimeDirectory, Path.GetDirectoryName(RuntimeDirectory.SocketPath(topic)));
        Assert.Empty(Directory.GetFileSystemEntries(_runtimeDirectory));

        Scan("images", Path.Combine(_directory, RecordingFiles.TopicFile(topic, 0)));
        Scan("recording_index", Path.Combine(_directory, RecordingFiles.Index));

        DuckDbTable.AssertAnswers(_duckDb, "SELECT frame_id, width, octet_length(data), list_extract(labels, 1) FROM images ORDER BY frame_id",
            [.. Enumerable.Range(0, Count).Select(i => new object?[] { $"frame-{i}", (long)(i + 1), (long)(3 * (i + 1)), $"label-{i}" })]);
        DuckDbTable.AssertAnswers(_duckDb, $"SELECT count(*), min(batch), max(batch), count(DISTINCT sequence) FROM recording_index WHERE topic = '{topic}'",
            [[(long)Count, 0L, (long)(Count - 1), (long)Count]]);
    }

    private static Vision.Image.Value Image(int i) => new()
    {
        Width = (uint)(i + 1),
        Height = 1,
        Step = (uint)(3 * (i + 1)),
        Encoding = Vision.Encoding.Rgb8,
        FrameId = $"frame-{i}",
        Data = Enumerable.Range(0, 3 * (i + 1)).Select(b => (byte)b).ToArray(),
        Labels = [$"label-{i}"],
    };

    /// <summary>Reads the stream file with Quiver's reader and makes it DuckDB table <paramref name="table"/> through the C Data Interface.</summary>
    private void Scan(string table, string path)
    {
        var reader = IpcStreamReader.FromFile(path);
        var batches = reader.ReadAll().ToList();
        try
        {
            DuckDbArrowTables.Create(_duckDb, table, reader.Schema, batches);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    public void Dispose()
    {
        _duckDb.Dispose();
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _previousRuntimeDirectory);
        foreach (var directory in new[] { _directory, _runtimeDirectory })
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}

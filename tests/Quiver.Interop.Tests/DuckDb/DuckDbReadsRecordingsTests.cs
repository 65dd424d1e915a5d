using System.Runtime.InteropServices;
using Quiver.Arrow.CData;
using Quiver.Arrow.Ipc;
using Quiver.Recording;
using Quiver.DuckDb;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// A recording made by Quiver.Recording opens in DuckDB with the values that were published: the
/// topic file and the index, each read as the Arrow IPC stream it is and scanned through the C
/// Data Interface.
/// </summary>
public sealed class DuckDbReadsRecordingsTests : IDisposable
{
    private const int Count = 5;
    private readonly DuckDbSession _duckDb = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"qv-duckdb-rec-{Guid.NewGuid():N}");

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

    /// <summary>Reads the stream file with Quiver's reader and copies it into DuckDB table <paramref name="table"/> through an exported ArrowArrayStream.</summary>
    private unsafe void Scan(string table, string path)
    {
        var reader = IpcStreamReader.FromFile(path);
        var batches = reader.ReadAll().ToList();
        var stream = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(reader.Schema, batches, stream);
            _duckDb.ScanArrowStream(table + "_stream", stream);
            // duckdb_arrow_scan reads projections wrongly (see DuckDbScansQuiverExportsTests): copy the view whole, once.
            _duckDb.Execute($"CREATE TABLE {table} AS SELECT * FROM {table}_stream");
            _duckDb.Execute($"DROP VIEW {table}_stream");
        }
        finally
        {
            if (stream->release != null)
                stream->release(stream);
            NativeMemory.Free(stream);
            batches.ForEach(b => b.Dispose());
        }
    }

    public void Dispose()
    {
        _duckDb.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}

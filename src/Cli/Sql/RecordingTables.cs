using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Cli.Recording;
using Quiver.DuckDb;
using Quiver.Recording;

namespace Quiver.Cli.Sql;

/// <summary>
/// <c>quiver sql --recording</c>: each topic of the recording that the query names becomes a
/// table. Its stream files are read with Quiver's IPC reader and handed to DuckDB through the C
/// Data Interface (no decoding or copying on the way); a topic split over several files (size
/// limit, type change) is one table holding them all, in order.
/// </summary>
internal static class RecordingTables
{
    /// <summary>Loads the named topics and returns every topic of the recording, for messages about tables.</summary>
    public static IReadOnlyList<string> Load(DuckDbSession duckDb, string directory, string query, TextWriter errors)
    {
        var metadata = RecordingErrors.Guard(() => RecordingMetadata.Load(directory));
        var topics = metadata.Topics.Select(t => t.Topic).ToList();
        if (topics.Count == 0)
            throw new CommandFailure(ExitCodes.RecordingFailed, $"the recording {directory} holds no topics: nothing was recorded, so there is nothing to query.");
        foreach (var topic in metadata.Topics.Where(t => TablesInQuery.Named(query, topics).Contains(t.Topic)))
        {
            for (var part = 0; part < topic.Files.Count; part++)
            {
                var file = topic.Files[part];
                var path = Path.Combine(directory, file.File);
                AddTable(duckDb, topic.Topic, appending: part > 0, ReadUpToDamage(path, file.Compression is not null, errors, e =>
                    new CommandFailure(ExitCodes.RecordingDamaged, $"{path} cannot be read: {e.Message}", e)));
            }
        }
        return topics;
    }

    /// <summary>Makes <paramref name="table"/> of a file's batches, or appends them to it; disposes them.</summary>
    public static void AddTable(DuckDbSession duckDb, string table, bool appending, (Schema Schema, List<RecordBatch> Batches) file)
    {
        var (schema, batches) = file;
        try
        {
            if (!appending)
            {
                DuckDbArrowTables.Create(duckDb, table, schema, batches);
                return;
            }
            var part = $"quiver_part_{Guid.NewGuid():N}";
            DuckDbArrowTables.Create(duckDb, part, schema, batches);
            try
            {
                // By name: a file opened after a type change may order or add columns differently; DuckDB says so if they do not fit.
                duckDb.Execute($"INSERT INTO {SqlText.Identifier(table)} BY NAME SELECT * FROM {part}");
            }
            finally
            {
                duckDb.Execute($"DROP TABLE {part}");
            }
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    /// <summary>
    /// Every whole message of the file, decompressed first when the recorder compressed it; a file
    /// cut short (a recorder killed mid-write) or whose compressed data is damaged is read up to the
    /// damage, which is reported on standard error. A file that cannot be read at all, or does not
    /// start as an Arrow IPC stream, fails as <paramref name="unreadable"/> says.
    /// </summary>
    public static (Schema Schema, List<RecordBatch> Batches) ReadUpToDamage(string path, bool compressed, TextWriter errors, Func<Exception, CommandFailure> unreadable)
    {
        IpcStreamReader reader;
        try
        {
            if (compressed)
            {
                var (stream, damage) = RecordingErrors.Guard(() => DecompressedTopicFile.Read(path));
                if (damage is not null)
                    errors.WriteLine($"quiver: {path} is damaged ({damage}); querying the batches before it.");
                reader = new IpcStreamReader(stream);
            }
            else
            {
                reader = IpcStreamReader.FromFile(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArrowFormatException)
        {
            throw unreadable(e);
        }
        var batches = new List<RecordBatch>();
        try
        {
            while (reader.ReadNext() is { } batch)
                batches.Add(batch);
        }
        catch (ArrowFormatException e)
        {
            errors.WriteLine($"quiver: {path} is damaged after {batches.Count} message(s) ({e.Message}); querying those.");
        }
        return (reader.Schema, batches);
    }
}

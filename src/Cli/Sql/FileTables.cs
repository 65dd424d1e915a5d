using System.Text.RegularExpressions;
using Quiver.DuckDb;
using Quiver.Recording;

namespace Quiver.Cli.Sql;

/// <summary>
/// Tables named by a file: a quoted name ending in <c>.arrows</c> (<c>from 'run1/camera+front.arrows'</c>)
/// is read from that Arrow IPC stream file, a topic file of a recording or any other, relative to
/// the current directory. The file is read up to its damage, as a recording's topics are, and
/// decompressed first when its recording's metadata says it was recorded compressed.
/// </summary>
internal static partial class FileTables
{
    [GeneratedRegex(@"'((?:[^']|'')+\.arrows)'", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedFileName();

    /// <summary>The file names the query uses as tables, as written (the table names).</summary>
    public static List<string> Named(string query) =>
        [.. QuotedFileName().Matches(query).Select(match => match.Groups[1].Value.Replace("''", "'")).Distinct()];

    /// <summary>Loads every file the query names; returns their table names.</summary>
    public static IReadOnlyList<string> Load(DuckDbSession duckDb, string query, TextWriter errors)
    {
        var names = Named(query);
        foreach (var name in names)
        {
            if (!File.Exists(name))
                throw new CommandFailure(ExitCodes.UsageError,
                    $"the query reads '{name}', and there is no such file ({(Directory.Exists(name) ? "it is a directory" : $"looked for {Path.GetFullPath(name)}")}). Name a topic file of a recording, e.g. from 'run1/camera+front.arrows', or query a recording's topics with --recording run1.");
            RecordingTables.AddTable(duckDb, name, appending: false, RecordingTables.ReadUpToDamage(name, IsCompressedTopicFile(name), errors, e =>
                new CommandFailure(ExitCodes.RecordingFailed,
                    $"'{name}' is not an Arrow IPC stream file (a topic file of a Quiver recording is one): {e.Message}", e)));
        }
        return names;
    }

    /// <summary>Whether the file is a topic file that its recording's metadata.json lists as compressed (quiver record --compress).</summary>
    private static bool IsCompressedTopicFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!File.Exists(Path.Combine(directory, RecordingFiles.Metadata)))
            return false;
        try
        {
            return RecordingMetadata.Load(directory).Topics
                .SelectMany(topic => topic.Files)
                .Any(file => file.File == Path.GetFileName(path) && file.Compression is not null);
        }
        catch (RecordingException)
        {
            // A file beside metadata that cannot be read is read as the plain stream it then must be.
            return false;
        }
    }
}

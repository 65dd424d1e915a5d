namespace Quiver.Recording;

/// <summary>
/// The names of the files in a recording directory (docs/recording.md): <c>metadata.json</c>,
/// <c>index.arrows</c>, and one Arrow IPC stream per topic and part, named after the topic with
/// <c>/</c> replaced by <c>+</c> (as the topic's socket, so the mapping is one-to-one).
/// </summary>
public static class RecordingFiles
{
    public const string Metadata = "metadata.json";
    public const string Index = "index.arrows";
    public const string TopicExtension = ".arrows";

    /// <summary>The first file of a topic is <c>camera+front.arrows</c>, later parts <c>camera+front.1.arrows</c>, …</summary>
    public static string TopicFile(string topic, int part)
    {
        var stem = topic.Replace('/', '+');
        return part == 0 ? stem + TopicExtension : $"{stem}.{part}{TopicExtension}";
    }

    /// <summary>True when <paramref name="directory"/> holds any file a recording is made of.</summary>
    public static bool HoldsRecording(string directory) =>
        Directory.Exists(directory) && RecordingFilesIn(directory).Any();

    /// <summary>Removes the files of the recording in <paramref name="directory"/>, nothing else.</summary>
    public static void Remove(string directory)
    {
        foreach (var file in RecordingFilesIn(directory).ToList())
            File.Delete(file);
    }

    private static IEnumerable<string> RecordingFilesIn(string directory) =>
        Directory.EnumerateFiles(directory).Where(path =>
            Path.GetFileName(path) == Metadata || path.EndsWith(TopicExtension, StringComparison.Ordinal));
}

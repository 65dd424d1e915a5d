using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quiver.Recording;

/// <summary>
/// <c>metadata.json</c>: what was recorded and how it went. The recorder rewrites it (whole, by
/// rename) at the start, about once a second and at the end, so after a crash it is at most a
/// second behind the data files, which stay the truth about what was recorded.
/// </summary>
public sealed record RecordingMetadata(
    int FormatVersion,
    string ToolVersion,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? StoppedBecause,
    IReadOnlyList<RecordedTopic> Topics)
{
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Topic file names hold '+', which the default encoder writes as \u002B.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Save(string directory)
    {
        var path = Path.Combine(directory, RecordingFiles.Metadata);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads <c>metadata.json</c>; throws <see cref="RecordingException"/> naming the file when it is missing or unreadable.</summary>
    public static RecordingMetadata Load(string directory)
    {
        var path = Path.Combine(directory, RecordingFiles.Metadata);
        if (!File.Exists(path))
            throw new RecordingException($"'{directory}' is not a recording: it has no {RecordingFiles.Metadata}.");
        try
        {
            var metadata = JsonSerializer.Deserialize<RecordingMetadata>(File.ReadAllText(path), Json)
                ?? throw new RecordingException($"'{path}' is empty.");
            if (metadata.FormatVersion != CurrentFormatVersion)
                throw new RecordingException($"'{path}' is format version {metadata.FormatVersion}; this quiver reads version {CurrentFormatVersion}.");
            return metadata;
        }
        catch (JsonException e)
        {
            throw new RecordingException($"'{path}' is not valid recording metadata: {e.Message}", e);
        }
    }
}

/// <summary>One recorded topic: its message counts over all its files.</summary>
public sealed record RecordedTopic(
    string Topic,
    long Messages,
    long Bytes,
    long SkippedByPublisher,
    long DroppedByRecorder,
    IReadOnlyList<RecordedFile> Files);

/// <summary>
/// One Arrow IPC stream file of a topic: a new one starts at a split or when the topic's type
/// changes. <paramref name="Compression"/> names the codec of its batches' bodies ("zstd", "lz4";
/// null when they are as published).
/// </summary>
public sealed record RecordedFile(
    string File,
    string MessageType,
    string Fingerprint,
    string OpenedBecause,
    long Messages,
    long Bytes,
    string? Compression = null);

namespace Quiver.Recording;

/// <summary>How the recorder stores message bodies (docs/recording.md): as published, or with Arrow IPC body compression.</summary>
public enum RecordingCompression
{
    None,
    Zstd,
    Lz4,
}

/// <summary>The names of <see cref="RecordingCompression"/> in metadata.json and on the command line.</summary>
public static class RecordingCompressions
{
    /// <summary>The names of the codecs, as <c>--compress</c> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["zstd", "lz4"];

    /// <summary>"zstd" or "lz4"; null for <see cref="RecordingCompression.None"/>.</summary>
    public static string? Name(RecordingCompression compression) => compression switch
    {
        RecordingCompression.Zstd => "zstd",
        RecordingCompression.Lz4 => "lz4",
        _ => null,
    };

    /// <summary>The compression a name gives (null: none); throws <see cref="ArgumentException"/> for a name that is not a codec.</summary>
    public static RecordingCompression Parse(string? name) => name switch
    {
        null => RecordingCompression.None,
        "zstd" => RecordingCompression.Zstd,
        "lz4" => RecordingCompression.Lz4,
        _ => throw new ArgumentException($"'{name}' is not a codec of a recording; use {string.Join(" or ", Names)}.", nameof(name)),
    };
}

using System.IO.Compression;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// Finds the Arrow C++ 21 golden IPC streams: <c>QUIVER_ARROW_TESTING</c> if set, else the copy
/// vendored in the repository (<c>tests/data/arrow-testing</c>). Missing data is a failure, never a skip.
/// </summary>
internal static class GoldenFiles
{
    public const string EnvironmentVariable = Quiver.Tests.RepositoryRoot.ArrowTestingVariable;
    private const string StreamFolder = "ipc-stream/cpp-21.0.0";

    /// <summary>The folder of <c>*.stream</c> + <c>*.json.gz</c> pairs; throws with a clear message if it is not there.</summary>
    public static string Directory
    {
        get
        {
            var root = ArrowTestingRoot();
            var folder = Path.Combine(root, StreamFolder);
            if (!System.IO.Directory.Exists(folder))
                throw new DirectoryNotFoundException($"The golden Arrow IPC folder {folder} does not exist (arrow-testing root: {root}; set {EnvironmentVariable} to override).");
            return folder;
        }
    }

    /// <summary>File names (not paths) of every golden stream, sorted; throws if there are none.</summary>
    public static IReadOnlyList<string> StreamNames()
    {
        var folder = Directory;
        var names = System.IO.Directory.EnumerateFiles(folder, "*.stream")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
            throw new FileNotFoundException($"The golden Arrow IPC folder {folder} holds no *.stream file.");
        return names;
    }

    public static string StreamPath(string streamName) => Path.Combine(Directory, streamName);

    /// <summary>The integration JSON that describes <paramref name="streamName"/>, decompressed.</summary>
    public static byte[] ReadJson(string streamName)
    {
        var path = Path.Combine(Directory, Path.ChangeExtension(streamName, ".json.gz"));
        if (!File.Exists(path))
            throw new FileNotFoundException($"The golden stream {streamName} has no integration JSON {path}.");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    private static string ArrowTestingRoot() => Quiver.Tests.RepositoryRoot.ArrowTesting;
}

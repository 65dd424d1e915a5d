using Quiver.Transport;

namespace Quiver.Recording.Tests;

/// <summary>
/// A private runtime directory for the recording tests (the variable is process-wide, so the
/// tests share one collection), and a fresh scratch folder and topic names per test.
/// </summary>
public sealed class RecordingFixture : IDisposable
{
    private readonly string? _previous;
    private int _counter;

    public RecordingFixture()
    {
        RuntimeDirectoryPath = Path.Combine(Path.GetTempPath(), $"qv-rec-{Environment.ProcessId}");
        _previous = Environment.GetEnvironmentVariable(RuntimeDirectory.OverrideVariable);
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, RuntimeDirectoryPath);
    }

    public string RuntimeDirectoryPath { get; }

    /// <summary>A topic name no other test uses.</summary>
    public string NewTopic(string name) => $"rec{Interlocked.Increment(ref _counter)}/{name}";

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _previous);
        var leftOver = Directory.Exists(RuntimeDirectoryPath) ? Directory.GetFileSystemEntries(RuntimeDirectoryPath) : [];
        if (Directory.Exists(RuntimeDirectoryPath))
            Directory.Delete(RuntimeDirectoryPath, recursive: true);
        Assert.True(leftOver.Length == 0, $"Left in the runtime directory: {string.Join(", ", leftOver)}");
    }
}

[CollectionDefinition(Name)]
public sealed class RecordingCollection : ICollectionFixture<RecordingFixture>
{
    public const string Name = "recording";
}

/// <summary>A temporary folder removed with everything in it when the test ends.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"qv-rec-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Recording(string name = "recording") => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

namespace Quiver.Bridge.Tests;

/// <summary>A pretend host: a runtime directory of its own (mode 0700, short enough for socket paths), removed with its contents at the end.</summary>
public sealed class Host : IDisposable
{
    private static int _counter;

    public Host(string name)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Runtime directories are Unix directories.");
        Directory = Path.Combine(Path.GetTempPath(), $"qvb-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}{name}");
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

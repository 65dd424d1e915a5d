namespace Quiver.Interop.Tests.Tooling;

/// <summary>Passed as an export's onReleased hook: counts how often the export's release callback ran.</summary>
public sealed class ReleaseCounter : IDisposable
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    // A foreign consumer may release from any of its threads.
    public void Dispose() => Interlocked.Increment(ref _count);
}

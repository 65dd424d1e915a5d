namespace Quiver.Runtime.Tests.CData;

/// <summary>Counts Dispose calls, to check that a release hook runs exactly once.</summary>
internal sealed class CountingDisposable : IDisposable
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => Interlocked.Increment(ref _count);
}

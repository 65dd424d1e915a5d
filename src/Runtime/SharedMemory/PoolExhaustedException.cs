namespace Quiver.SharedMemory;

/// <summary>
/// No sample could be loaned: the pool is at its configured limits and every sample in it is
/// still held (typically by subscribers that have not released them).
/// </summary>
public sealed class PoolExhaustedException : InvalidOperationException
{
    public PoolExhaustedException(string message) : base(message) { }
}

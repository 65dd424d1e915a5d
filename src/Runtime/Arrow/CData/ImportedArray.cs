using Quiver.Arrow.Arrays;

namespace Quiver.Arrow.CData;

/// <summary>
/// An array imported through the C Data Interface. <see cref="Array"/> reads the producer's
/// buffers in place; <see cref="Dispose"/> calls the producer's release exactly once, after which
/// the array (and every view or span taken from it) must not be used.
/// </summary>
public sealed class ImportedArray : IDisposable
{
    private readonly IDisposable _release;

    internal ImportedArray(ArrowArray array, IDisposable release)
    {
        Array = array;
        _release = release;
    }

    public ArrowArray Array { get; }

    public void Dispose() => _release.Dispose();
}

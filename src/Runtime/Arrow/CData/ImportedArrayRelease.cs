using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// Holds a producer's <see cref="CArrowArray"/> after the import moved it into Quiver's own
/// native memory, and calls its <c>release</c> exactly once on <see cref="Dispose"/>. Views made
/// over the producer's buffers are valid until then.
/// </summary>
internal sealed unsafe class ImportedArrayRelease : IDisposable
{
    private nint _array;

    private ImportedArrayRelease(CArrowArray* array) => _array = (nint)array;

    public CArrowArray* Array => (CArrowArray*)_array;

    /// <summary>
    /// Moves the struct as the spec describes: a bitwise copy, then the source is marked released
    /// without calling its callback. From here on only the copy is live and only Quiver releases it.
    /// </summary>
    public static ImportedArrayRelease Move(CArrowArray* source)
    {
        if (source == null)
            throw new ArgumentNullException(nameof(source));
        if (source->release == null)
            throw new ArrowFormatException("The ArrowArray is already released (its release callback is null).");
        var moved = (CArrowArray*)NativeMemory.Alloc((nuint)sizeof(CArrowArray));
        *moved = *source;
        source->release = null;
        return new ImportedArrayRelease(moved);
    }

    public void Dispose()
    {
        var array = (CArrowArray*)Interlocked.Exchange(ref _array, 0);
        if (array == null)
            return;
        if (array->release != null)
        {
            array->release(array);
            array->release = null;
        }
        NativeMemory.Free(array);
    }
}

using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// A small block of zeros that lives for the whole process. The spec wants non-null pointers for
/// offsets and values even when the buffer is empty (consumers read the single offset 0 of an
/// empty list, for instance); they all point here instead of allocating per export.
/// </summary>
internal static unsafe class ZeroedBlock
{
    public const int Size = 64;

    /// <summary>Never freed and never written after initialisation, so any number of exports may share it.</summary>
    public static readonly void* Pointer = Allocate();

    private static void* Allocate()
    {
        var block = NativeMemory.AlignedAlloc(Size, Size);
        NativeMemory.Clear(block, Size);
        return block;
    }
}

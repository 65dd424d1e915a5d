using System.Runtime.InteropServices;

namespace Quiver.Arrow.Builders;

/// <summary>Managed memory whose first byte sits on a 64-byte boundary, for batches built outside shared memory.</summary>
internal static class AlignedManagedMemory
{
    private const int Alignment = 64;

    public static Memory<byte> Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength - (Alignment - 1));
        // The pinned object heap never moves an array, so an address aligned now stays aligned.
        // Uninitialized is enough: a writer stores every byte of the body it is given.
        var array = GC.AllocateUninitializedArray<byte>(length + Alignment - 1, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var skip = (int)(-address & (Alignment - 1));
        return array.AsMemory(skip, length);
    }
}

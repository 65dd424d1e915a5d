using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// <c>struct ArrowArray</c> of the Arrow C Data Interface, field for field as <c>abi.h</c>
/// declares it. It carries no type: the type travels separately as a <see cref="CArrowSchema"/>
/// or is known by convention.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CArrowArray
{
    public long length;

    /// <summary>Null slots, or -1 when the producer has not counted them.</summary>
    public long null_count;

    public long offset;
    public long n_buffers;
    public long n_children;

    /// <summary>n_buffers pointers to the start of each buffer, in the columnar format's order (validity first).</summary>
    public void** buffers;

    public CArrowArray** children;
    public CArrowArray* dictionary;

    /// <summary>Frees what the producer allocated and sets itself to null; null means released.</summary>
    public delegate* unmanaged<CArrowArray*, void> release;

    public void* private_data;
}

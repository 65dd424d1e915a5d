using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// <c>struct ArrowArrayStream</c> of the Arrow C Stream Interface, field for field as
/// <c>abi.h</c> declares it: a pull-style source of record batches sharing one schema.
/// <c>get_schema</c> and <c>get_next</c> return 0 or an errno value; after an error,
/// <c>get_last_error</c> describes it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CArrowArrayStream
{
    public delegate* unmanaged<CArrowArrayStream*, CArrowSchema*, int> get_schema;

    /// <summary>Fills the array with the next batch, or marks it released at the end of the stream.</summary>
    public delegate* unmanaged<CArrowArrayStream*, CArrowArray*, int> get_next;

    /// <summary>Null-terminated UTF-8 text of the last error (or null), valid until the next callback.</summary>
    public delegate* unmanaged<CArrowArrayStream*, byte*> get_last_error;

    public delegate* unmanaged<CArrowArrayStream*, void> release;

    public void* private_data;
}

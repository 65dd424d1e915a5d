using System.Runtime.InteropServices;
using Quiver.Arrow.CData;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>The ArrowSchema/ArrowArray pairs the tests export to DuckDB, in native memory owned by the test.</summary>
internal static unsafe class ExportedStructs
{
    /// <summary>
    /// Releases whichever of the two DuckDB did not move out (a moved struct's release is null), then
    /// frees their memory.
    /// </summary>
    public static void ReleaseAndFree(CArrowSchema* schema, CArrowArray* array)
    {
        if (array->release != null)
            array->release(array);
        if (schema->release != null)
            schema->release(schema);
        NativeMemory.Free(array);
        NativeMemory.Free(schema);
    }
}

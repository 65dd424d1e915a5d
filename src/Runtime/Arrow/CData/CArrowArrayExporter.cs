using Quiver.Arrow.Arrays;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// Exports arrays and record batches as <see cref="CArrowArray"/> structs without copying a byte:
/// buffer pointers go straight into the batch's memory (managed arrays are pinned until release,
/// native memory is already fixed). The consumer owns the struct it passed in and calls its
/// <c>release</c> once; children it moved out are released by it separately.
/// <para>
/// <c>onReleased.Dispose()</c> runs exactly once, on the thread of the last release, after the
/// root and every child the consumer moved out are released — the point where the memory behind
/// the export may be reused. If an export throws, nothing was exported and <c>onReleased</c> is
/// not called: the caller keeps it. The data is exported as it is, not validated again.
/// </para>
/// </summary>
public static unsafe class CArrowArrayExporter
{
    /// <summary>A record batch as the spec describes it: a struct array without nulls whose children are the columns.</summary>
    public static void ExportRecordBatch(RecordBatch batch, CArrowArray* output, IDisposable? onReleased = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(batch.IsDisposed, batch);
        var columns = batch.Columns.Select(c => c.Data).ToArray();
        var root = new ArrayData(new StructType(batch.Schema.Fields), batch.Length, 0, 0, [ArrowBuffer.Empty], columns);
        Export(root, output, onReleased);
    }

    public static void ExportArray(ArrowArray array, CArrowArray* output, IDisposable? onReleased = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        Export(array.Data, output, onReleased);
    }

    private static void Export(ArrayData root, CArrowArray* output, IDisposable? onReleased)
    {
        if (output == null)
            throw new ArgumentNullException(nameof(output));
        ExportedArray.Export(root, output, onReleased);
    }
}

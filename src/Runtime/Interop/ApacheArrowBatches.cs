using ApacheC = Apache.Arrow.C;
using QuiverC = Quiver.Arrow.CData;

namespace Quiver.Interop.ApacheArrow;

/// <summary>
/// Record batches between Quiver and Apache.Arrow without copying a byte: one library exports an
/// <c>ArrowArray</c> whose buffers point into the batch's memory, the other imports it (the import
/// moves the struct, so the exchange struct is freed empty).
/// </summary>
internal static unsafe class ApacheArrowBatches
{
    /// <summary>
    /// An Apache.Arrow batch over <paramref name="batch"/>'s memory. Apache.Arrow counts the
    /// references to it (the batch, its clones and slices, every buffer retained from it) and calls
    /// the export's release once, when the last is disposed or collected; that release disposes
    /// <paramref name="onReleased"/>. If this throws, <paramref name="onReleased"/> may already be disposed.
    /// </summary>
    public static Apache.Arrow.RecordBatch ToApache(Arrow.RecordBatch batch, Apache.Arrow.Schema schema, IDisposable? onReleased)
    {
        var exchange = ApacheC.CArrowArray.Create();
        try
        {
            QuiverC.CArrowArrayExporter.ExportRecordBatch(batch, (QuiverC.CArrowArray*)exchange, onReleased);
            return ApacheC.CArrowArrayImporter.ImportRecordBatch(exchange, schema);
        }
        finally
        {
            ApacheC.CArrowArray.Free(exchange);
        }
    }

    /// <summary>
    /// A Quiver batch of <paramref name="schema"/> over <paramref name="batch"/>'s memory, validated
    /// by Quiver's importer. Disposing it releases Apache.Arrow's export (the buffers it retained).
    /// </summary>
    public static Arrow.RecordBatch FromApache(Apache.Arrow.RecordBatch batch, Arrow.Schema schema)
    {
        var exchange = ApacheC.CArrowArray.Create();
        try
        {
            ApacheC.CArrowArrayExporter.ExportRecordBatch(batch, exchange);
            return QuiverC.CArrowArrayImporter.ImportRecordBatch((QuiverC.CArrowArray*)exchange, schema);
        }
        finally
        {
            ApacheC.CArrowArray.Free(exchange);
        }
    }
}

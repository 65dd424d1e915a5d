using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;

namespace Quiver.DuckDb;

/// <summary>Record batches become DuckDB tables through the Arrow C Data Interface.</summary>
public static unsafe class DuckDbArrowTables
{
    /// <summary>
    /// Creates table <paramref name="table"/> from <paramref name="batches"/>: they are exported as
    /// an ArrowArrayStream (DuckDB reads their buffers in place) and DuckDB's Arrow scan copies
    /// them into the table once. The copy is needed because a view over duckdb_arrow_scan can be
    /// read only once and reads projections wrongly (see DuckDbScansQuiverExportsTests). The
    /// batches stay the caller's; they must outlive this call only.
    /// </summary>
    public static void Create(DuckDbSession duckDb, string table, Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        var view = $"quiver_scan_{Guid.NewGuid():N}";
        var stream = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(schema, batches, stream);
            duckDb.ScanArrowStream(view, stream);
            try
            {
                duckDb.Execute($"CREATE TABLE {SqlText.Identifier(table)} AS SELECT * FROM {view}");
            }
            finally
            {
                duckDb.Execute($"DROP VIEW {view}");
            }
        }
        finally
        {
            if (stream->release != null)
                stream->release(stream);
            NativeMemory.Free(stream);
        }
    }
}

using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// DuckDB consumes Quiver's C Data exports and runs SQL over them; the answers must equal the same
/// aggregates computed in C# over Quiver's own views of the batches.
/// </summary>
public sealed unsafe class DuckDbScansQuiverExportsTests : IDisposable
{
    private readonly DuckDbSession _duckDb = new();
    private readonly List<RecordBatch> _batches = Readings.Batches.Select(b => b.Build(Readings.Schema)).ToList();

    [Fact]
    public void DuckDbQueriesAQuiverArrayStreamInPlace()
    {
        var summary = QueryExportedStream(ReadingsSummary.Sql, ReadingsSummary.FromDuckDb);
        var groups = QueryExportedStream(GroupSummary.Sql, GroupSummary.FromDuckDb);

        Assert.Equal(ReadingsSummary.FromQuiverViews(_batches), summary);
        Assert.Equal(GroupSummary.FromQuiverViews(_batches), groups);
    }

    [Fact]
    public void DuckDbTakesQuiverBatchesThroughItsCurrentArrowApiAndReleasesEachExactlyOnce()
    {
        _duckDb.Execute(Readings.CreateTable);
        var counters = new List<ReleaseCounter>();
        foreach (var batch in _batches)
        {
            var released = new ReleaseCounter();
            counters.Add(released);
            AppendExported(batch, released);
            // duckdb_data_chunk_from_arrow took ownership, and destroying the chunk released it.
            Assert.Equal(1, released.Count);
        }

        using (var result = _duckDb.Query(ReadingsSummary.Sql))
            Assert.Equal(ReadingsSummary.FromQuiverViews(_batches), ReadingsSummary.FromDuckDb(result));
        using (var result = _duckDb.Query(GroupSummary.Sql))
            Assert.Equal(GroupSummary.FromQuiverViews(_batches), GroupSummary.FromDuckDb(result));

        _duckDb.Dispose();
        Assert.All(counters, c => Assert.Equal(1, c.Count));
    }

    /// <summary>
    /// Exports the batches as one ArrowArrayStream, lets DuckDB scan it as view "readings" for one
    /// query, then drops the view and releases the stream, which stays the producer's side's to release.
    /// </summary>
    private T QueryExportedStream<T>(string sql, Func<DuckDbQueryResult, T> read)
    {
        var stream = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(Readings.Schema, _batches, stream);
            _duckDb.ScanArrowStream("readings", stream);
            using var result = _duckDb.Query(sql);
            return read(result);
        }
        finally
        {
            _duckDb.Execute("DROP VIEW IF EXISTS readings");
            if (stream->release != null)
                stream->release(stream);
            NativeMemory.Free(stream);
        }
    }

    private void AppendExported(RecordBatch batch, ReleaseCounter released)
    {
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            CArrowSchemaExporter.ExportSchema(Readings.Schema, schema);
            CArrowArrayExporter.ExportRecordBatch(batch, array, released);
            _duckDb.AppendArrow("readings", schema, array);
            Assert.True(array->release == null, "DuckDB should have moved the exported array out.");
        }
        finally
        {
            if (array->release != null)
                array->release(array);
            if (schema->release != null)
                schema->release(schema);
            NativeMemory.Free(array);
            NativeMemory.Free(schema);
        }
    }

    public void Dispose()
    {
        _duckDb.Dispose();
        _batches.ForEach(b => b.Dispose());
    }
}

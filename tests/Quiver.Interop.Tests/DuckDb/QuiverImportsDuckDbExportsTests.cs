using Quiver.Arrow;
using Quiver.Arrow.CData;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// DuckDB exports query results through its current Arrow C API (duckdb_to_arrow_schema,
/// duckdb_data_chunk_to_arrow); Quiver imports them and must read the values the query computes,
/// and must hand each of DuckDB's structs back to DuckDB's release exactly once.
/// </summary>
public sealed unsafe class QuiverImportsDuckDbExportsTests : IDisposable
{
    private readonly DuckDbSession _duckDb = new();

    public QuiverImportsDuckDbExportsTests() => _duckDb.Execute("SET TimeZone = 'UTC'");

    [Fact]
    public void QuiverReadsTheValuesOfADuckDbQuery()
    {
        using var export = _duckDb.ExportArrow(DuckDbExportedQuery.Sql);
        var schema = ImportSchemaReleasingOnce(export);
        var probes = Enumerable.Range(0, export.Batches.Count).Select(i => ForeignRelease.Interpose(export.Batch(i))).ToList();
        var batches = new List<RecordBatch>();
        try
        {
            for (var i = 0; i < export.Batches.Count; i++)
                batches.Add(CArrowArrayImporter.ImportRecordBatch(export.Batch(i), schema));
            Assert.True(batches.Count > 1, "DuckDB should export 3000 rows in more than one chunk.");
            for (var i = 0; i < export.Batches.Count; i++)
                Assert.True(export.Batch(i)->release == null, $"Importing batch {i} should have moved DuckDB's struct out.");
            // The views still point into DuckDB's buffers, so nothing is released yet.
            Assert.All(probes, p => Assert.Equal(0, p.Count));

            Assert.Equal(DuckDbExportedQuery.RowCount, batches.Sum(b => b.Length));
            var start = 0;
            var expectedBatches = new List<IReadOnlyList<object?>[]>();
            foreach (var batch in batches)
            {
                expectedBatches.Add(DuckDbExportedQuery.Rows(start, batch.Length));
                start += batch.Length;
            }
            CanonicalJson.AssertEqual(
                CanonicalJson.FromValues(DuckDbExportedQuery.Schema, expectedBatches),
                CanonicalJson.FromBatches(schema, batches));
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
        Assert.All(probes, p => Assert.Equal(1, p.Count));

        batches.ForEach(b => b.Dispose());
        Assert.All(probes, p => Assert.Equal(1, p.Count));
        probes.ForEach(p => p.Dispose());
    }

    [Theory]
    [InlineData("SELECT 1.5::DECIMAL(10, 2) AS price")]
    [InlineData("SELECT INTERVAL 1 DAY AS span")]
    [InlineData("SELECT 42::HUGEINT AS huge")]
    public void QuiverRefusesDuckDbTypesItDoesNotImplement(string sql)
    {
        using var export = _duckDb.ExportArrow(sql);
        using var probe = ForeignRelease.Interpose(export.Schema);

        var error = Assert.Throws<ArrowNotSupportedException>(() => CArrowSchemaImporter.ImportSchema(export.Schema));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        if (export.Schema->release != null)
            export.Schema->release(export.Schema);
        Assert.Equal(1, probe.Count);
    }

    /// <summary>
    /// Imports DuckDB's schema, then releases it if the importer left it with us; either way DuckDB's
    /// release must run exactly once.
    /// </summary>
    private static Schema ImportSchemaReleasingOnce(DuckDbArrowExport export)
    {
        using var probe = ForeignRelease.Interpose(export.Schema);
        var schema = CArrowSchemaImporter.ImportSchema(export.Schema);
        if (export.Schema->release != null)
            export.Schema->release(export.Schema);
        Assert.Equal(1, probe.Count);
        return schema;
    }

    public void Dispose() => _duckDb.Dispose();
}

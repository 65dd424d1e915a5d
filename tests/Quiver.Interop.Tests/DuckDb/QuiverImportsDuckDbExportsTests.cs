using System.Text.Json.Nodes;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using Quiver.Arrow.CData;
using Quiver.Interop.Tests.Tooling;
using Quiver.DuckDb;

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

    [Fact]
    public void QuiverReadsDuckDbDecimalsHugeintsMapsAndEnums()
    {
        _duckDb.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        using var export = _duckDb.ExportArrow("""
            SELECT
                CASE WHEN i = 2 THEN NULL ELSE (i * 1.25 - 3)::DECIMAL(10, 2) END AS price,
                (i::HUGEINT * 100000000000000000000000000) AS huge,
                CASE WHEN i = 1 THEN NULL ELSE MAP {'k' || i: i::INTEGER, 'z': NULL} END AS tags,
                CASE WHEN i = 3 THEN NULL ELSE ['sad', 'ok', 'happy'][i % 3 + 1]::mood END AS feeling
            FROM range(0, 5) AS rows(i)
            ORDER BY i
            """);
        var schema = ImportSchemaReleasingOnce(export);
        var batches = Enumerable.Range(0, export.Batches.Count).Select(i => CArrowArrayImporter.ImportRecordBatch(export.Batch(i), schema)).ToList();
        try
        {
            Assert.Equal(new DecimalType(10, 2), schema.Fields[0].Type);
            Assert.Equal(new DecimalType(38, 0), schema.Fields[1].Type);
            Assert.IsType<MapType>(schema.Fields[2].Type);
            Assert.Equal(Utf8Type.Default, Assert.IsType<DictionaryType>(schema.Fields[3].Type).ValueType);
            var columns = CanonicalJson.FromBatches(schema, batches)["batches"]![0]!["columns"]!;
            CanonicalJson.AssertEqual(JsonNode.Parse("""["-3.00", "-1.75", null, "0.75", "2.00"]"""), columns["price"]);
            CanonicalJson.AssertEqual(
                JsonNode.Parse("""["0", "100000000000000000000000000", "200000000000000000000000000", "300000000000000000000000000", "400000000000000000000000000"]"""),
                columns["huge"]);
            CanonicalJson.AssertEqual(
                JsonNode.Parse("""[[{"key": "k0", "value": 0}, {"key": "z", "value": null}], null, [{"key": "k2", "value": 2}, {"key": "z", "value": null}], [{"key": "k3", "value": 3}, {"key": "z", "value": null}], [{"key": "k4", "value": 4}, {"key": "z", "value": null}]]"""),
                columns["tags"]);
            CanonicalJson.AssertEqual(JsonNode.Parse("""["sad", "ok", "happy", null, "ok"]"""), columns["feeling"]);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [InlineData("SELECT INTERVAL 1 DAY AS span")]
    [InlineData("SELECT union_value(n := 1::INTEGER) AS u")]
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

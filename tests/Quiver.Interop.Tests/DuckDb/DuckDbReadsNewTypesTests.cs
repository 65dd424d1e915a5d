using System.Numerics;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;
using Quiver.Interop.Tests.Tooling;
using Quiver.DuckDb;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// DuckDB takes Quiver's C Data export of decimal128, map and dictionary-encoded string columns
/// (laid out by hand with <see cref="TestBatches"/>) through duckdb_schema_from_arrow and
/// duckdb_data_chunk_from_arrow; its column types and SQL over the values must be what was written.
/// </summary>
public sealed unsafe class DuckDbReadsNewTypesTests : IDisposable
{
    private static readonly Schema NewTypes = new([
        new Field("price", new DecimalType(18, 2)),
        new Field("tags", new MapType(Utf8Type.Default, IntType.Int32)),
        new Field("label", new DictionaryType(IntType.Int32, Utf8Type.Default)),
    ]);

    private static List<object?> V(params object?[] values) => [.. values];

    private readonly DuckDbSession _duckDb = new();

    [Fact]
    public void DuckDbReadsDecimalsMapsAndDictionaryStringsExactly()
    {
        var released = new ReleaseCounter();
        var batch = TestBatches.Create(NewTypes, [
            V(new BigInteger(12345), new BigInteger(-1), null, BigInteger.Parse("999999999999999999")),
            V(V(V("a", 1), V("b", null)), V(), null, V(V("c", -7))),
            V("person", "car", null, "person"),
        ]);
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            CArrowSchemaExporter.ExportSchema(NewTypes, schema);
            CArrowArrayExporter.ExportRecordBatch(batch, array, released);
            var types = _duckDb.CreateTableFromArrow("new_types", NewTypes.Fields.Select(f => f.Name).ToList(), schema, array);
            // DuckDB reads a dictionary of strings as plain VARCHAR (ENUMs it makes itself).
            Assert.Equal([("price", "DECIMAL(18,2)"), ("tags", "MAP(VARCHAR, INTEGER)"), ("label", "VARCHAR")], types);
            Assert.Equal(1, released.Count);

            using var result = _duckDb.Query("""
                SELECT price::VARCHAR, cardinality(tags), tags['b'], label FROM new_types ORDER BY rowid
                """);
            Assert.Equal(["123.45", "-0.01", null, "9999999999999999.99"], Enumerable.Range(0, 4).Select(r => result.Varchar(0, r)));
            Assert.Equal([2L, 0L, null, 1L], Enumerable.Range(0, 4).Select(r => result.Int64(1, r)));
            Assert.True(result.IsNull(2, 0), "the value of key 'b' is null");
            Assert.Equal(["person", "car", null, "person"], Enumerable.Range(0, 4).Select(r => result.Varchar(3, r)));
        }
        finally
        {
            ExportedStructs.ReleaseAndFree(schema, array);
            batch.Dispose();
        }
    }

    public void Dispose() => _duckDb.Dispose();
}

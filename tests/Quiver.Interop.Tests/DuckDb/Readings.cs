using Quiver.Arrow;
using Quiver.Arrow.Types;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// The table the DuckDB scan tests hand over: deterministic rows with nulls, unicode, lists,
/// structs and timestamps, in several batches (one empty, one a window on larger arrays).
/// Batches stay under 2048 rows, the most duckdb_data_chunk_from_arrow takes at once.
/// </summary>
public static class Readings
{
    private static readonly string[] Groups = ["alpha", "beta", "γάμμα", "🏹 arrows"];

    public static readonly Schema Schema = new([
        new Field("id", IntType.Int32, nullable: false),
        new Field("grp", Utf8Type.Default, nullable: false),
        new Field("value", IntType.Int64),
        new Field("ratio", FloatingPointType.Float64),
        new Field("small", FloatingPointType.Float32, nullable: false),
        new Field("flag", BooleanType.Default),
        new Field("name", Utf8Type.Default),
        new Field("tags", new ListType(new Field("item", IntType.Int32))),
        new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC"), nullable: false),
        new Field("point", new StructType([new Field("x", IntType.Int32), new Field("y", FloatingPointType.Float64)])),
        new Field("u16", IntType.UInt16, nullable: false),
        new Field("blob", BinaryType.Default),
    ]);

    /// <summary>The DuckDB table those batches append to: each column the type DuckDB maps the Arrow type to.</summary>
    public const string CreateTable = """
        CREATE TABLE readings (
            id INTEGER, grp VARCHAR, value BIGINT, ratio DOUBLE, small FLOAT, flag BOOLEAN, name VARCHAR,
            tags INTEGER[], ts TIMESTAMP WITH TIME ZONE, point STRUCT(x INTEGER, y DOUBLE), u16 USMALLINT, blob BLOB)
        """;

    public static readonly IReadOnlyList<TestBatch> Batches =
    [
        new(Rows(0, 1000)),
        new(Rows(1000, 0)),
        new(Rows(1000, 777)),
        new(Rows(1777, 323), Offset: 50, Length: 250),
    ];

    private static IReadOnlyList<object?>[] Rows(int start, int count)
    {
        var rows = Enumerable.Range(start, count).ToList();
        List<object?> Column(Func<int, object?> value) => rows.Select(value).ToList();
        return
        [
            Column(i => i),
            Column(i => Groups[i % Groups.Length]),
            Column(i => i % 7 == 3 ? null : ((i * 7919L) % 100_003 - 50_000) * 1_000_003L),
            Column(i => i % 5 == 1 ? null : i * 0.25 - 100),
            Column(i => i * 0.5f),
            Column(i => i % 11 == 0 ? null : i % 3 == 0),
            Column(i => i % 13 == 0 ? null : i % 17 == 0 ? "" : $"név-{i}-ü{(i % 2 == 0 ? "🏹" : "")}"),
            Column(i => i % 9 == 0 ? null : Enumerable.Range(0, i % 4).Select(k => k == 2 ? null : (object?)(i + k)).ToList()),
            Column(i => 1_700_000_000_000_000L + i * 1_000_001L),
            Column(i => i % 6 == 0 ? null : new object?[] { i % 10 == 7 ? null : i % 100, i / 8.0 }),
            Column(i => (ushort)(i * 31 % 65_536)),
            Column(i => i % 10 == 0 ? null : Enumerable.Repeat((byte)i, i % 5).ToArray()),
        ];
    }
}

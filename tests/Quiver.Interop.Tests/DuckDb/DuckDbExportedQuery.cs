using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// A DuckDB query over generated rows, and the same rows computed in C# from the same formulas,
/// typed as DuckDB's Arrow export maps its SQL types (list children are named "l", array children
/// have an empty name, every column is nullable).
/// </summary>
public static class DuckDbExportedQuery
{
    public const int RowCount = 3000;

    private const long January2024Micros = 1_704_067_200_000_000;
    private const int January2024Days = 19_723;

    public const string Sql = """
        SELECT
            i::INTEGER AS i32,
            (i - 1500) * 3000000007 AS i64,
            CASE WHEN i % 4 = 0 THEN NULL ELSE (i / 8)::DOUBLE END AS dbl,
            CASE WHEN i % 3 = 0 THEN NULL ELSE 'row ' || i || CASE WHEN i % 5 = 0 THEN ' ünï 🏹' ELSE '' END END AS txt,
            CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
            TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) MILLISECOND AS tstz,
            DATE '2024-01-01' + i::INTEGER AS d,
            TIME '00:00:00' + INTERVAL (i) SECOND AS t,
            CASE WHEN i % 10 = 0 THEN NULL
                 ELSE list_transform(range(i % 4), x -> CASE WHEN x = 1 THEN NULL ELSE x + i END)::INTEGER[] END AS lst,
            CASE WHEN i % 6 = 0 THEN NULL
                 ELSE {'a': i::INTEGER, 'b': CASE WHEN i % 4 = 1 THEN NULL ELSE 'b' || i END} END AS st,
            [i::SMALLINT, (i + 1)::SMALLINT]::SMALLINT[2] AS arr,
            CASE WHEN i % 5 = 2 THEN [] ELSE [{'k': i::INTEGER, 'v': 'v' || i}] END AS pts,
            CASE WHEN i % 8 = 0 THEN NULL ELSE encode('b' || i) END AS blob,
            (i % 256)::UTINYINT AS u8,
            (i * 0.5)::FLOAT AS f
        FROM range(0, 3000) AS rows(i)
        ORDER BY i
        """;

    public static readonly Schema Schema = new([
        new Field("i32", IntType.Int32),
        new Field("i64", IntType.Int64),
        new Field("dbl", FloatingPointType.Float64),
        new Field("txt", Utf8Type.Default),
        new Field("flag", BooleanType.Default),
        new Field("ts", new TimestampType(TimeUnit.Microsecond)),
        new Field("tstz", new TimestampType(TimeUnit.Microsecond, "UTC")),
        new Field("d", DateType.Date32),
        new Field("t", new TimeType(TimeUnit.Microsecond, 64)),
        new Field("lst", new ListType(new Field("l", IntType.Int32))),
        new Field("st", new StructType([new Field("a", IntType.Int32), new Field("b", Utf8Type.Default)])),
        new Field("arr", new FixedSizeListType(new Field("", IntType.Int16), 2)),
        new Field("pts", new ListType(new Field("l", new StructType([new Field("k", IntType.Int32), new Field("v", Utf8Type.Default)])))),
        new Field("blob", BinaryType.Default),
        new Field("u8", IntType.UInt8),
        new Field("f", FloatingPointType.Float32),
    ]);

    /// <summary>Rows [start, start + count) as C# values (see TestBatches for the conventions).</summary>
    public static IReadOnlyList<object?>[] Rows(int start, int count)
    {
        var rows = Enumerable.Range(start, count).ToList();
        List<object?> Column(Func<int, object?> value) => rows.Select(value).ToList();
        return
        [
            Column(i => i),
            Column(i => (i - 1500) * 3_000_000_007L),
            Column(i => i % 4 == 0 ? null : i / 8.0),
            Column(i => i % 3 == 0 ? null : $"row {i}{(i % 5 == 0 ? " ünï 🏹" : "")}"),
            Column(i => i % 7 == 0 ? null : i % 2 == 0),
            Column(i => January2024Micros + i * 1_000_000L),
            Column(i => January2024Micros + i * 1_000L),
            Column(i => January2024Days + i),
            Column(i => i * 1_000_000L),
            Column(i => i % 10 == 0 ? null : Enumerable.Range(0, i % 4).Select(x => x == 1 ? null : (object?)(x + i)).ToList()),
            Column(i => i % 6 == 0 ? null : new object?[] { i, i % 4 == 1 ? null : $"b{i}" }),
            Column(i => new object?[] { (short)i, (short)(i + 1) }),
            Column(i => i % 5 == 2 ? new object?[0] : new object?[] { new object?[] { i, $"v{i}" } }),
            Column(i => i % 8 == 0 ? null : Encoding.UTF8.GetBytes($"b{i}")),
            Column(i => (byte)(i % 256)),
            Column(i => i * 0.5f),
        ];
    }
}

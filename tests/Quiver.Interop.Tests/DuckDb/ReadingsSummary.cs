using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.DuckDb;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// Aggregates over <see cref="Readings"/>, computed twice: by DuckDB in SQL over the data Quiver
/// handed it, and in C# over Quiver's own views of the same batches. Every double involved is a
/// multiple of 1/8 well inside 2^53, so sums are exact in any order and compare with ==.
/// </summary>
public sealed record ReadingsSummary(
    long Rows,
    long ValueCount, long? ValueSum, long? ValueMin, long? ValueMax,
    long RatioCount, double? RatioSum, double? RatioMin, double? RatioMax, double? RatioAverage,
    double? SmallSum,
    long NullNames, long? NameBytes, long? NameCodePoints,
    long? TagCount, long? TagSum,
    long FlagsTrue, long FlagCount,
    long PointCount, long? PointXSum, double? PointYSum,
    long? FirstTimestamp, long? LastTimestamp,
    long? U16Sum,
    long BlobCount, long? BlobBytes,
    long DistinctGroups)
{
    public const string Sql = """
        SELECT count(*), count(value), sum(value), min(value), max(value),
               count(ratio), sum(ratio), min(ratio), max(ratio), avg(ratio),
               sum(small),
               count(*) - count(name), sum(strlen(name)), sum(length(name)),
               sum(len(tags)), sum(list_sum(tags)),
               count(*) FILTER (WHERE flag), count(flag),
               count(point), sum(point.x), sum(point.y),
               epoch_us(min(ts)), epoch_us(max(ts)),
               sum(u16),
               count(blob), sum(octet_length(blob)),
               count(DISTINCT grp)
        FROM readings
        """;

    public static ReadingsSummary FromDuckDb(DuckDbQueryResult result)
    {
        Assert.Equal(1, result.RowCount);
        var column = 0;
        long Count() => result.Int64(column++, 0) ?? throw new InvalidOperationException("A count was NULL.");
        long? Int() => result.Int64(column++, 0);
        double? Real() => result.Double(column++, 0);
        return new ReadingsSummary(
            Count(),
            Count(), Int(), Int(), Int(),
            Count(), Real(), Real(), Real(), Real(),
            Real(),
            Count(), Int(), Int(),
            Int(), Int(),
            Count(), Count(),
            Count(), Int(), Real(),
            Int(), Int(),
            Int(),
            Count(), Int(),
            Count());
    }

    /// <summary>The same aggregates over Quiver's views; SQL's NULL for an aggregate over no values is null here too.</summary>
    public static ReadingsSummary FromQuiverViews(IReadOnlyList<RecordBatch> batches)
    {
        var values = Valid<long>(batches, "value");
        var ratios = Valid<double>(batches, "ratio");
        var names = Slots(batches, "name").Select(s => ((StringArray)s.Array).GetString(s.Index)).ToList();
        var presentNames = names.OfType<string>().ToList();
        var tags = Slots(batches, "tags").Where(s => s.Array.IsValid(s.Index)).Select(s => ((ListArray)s.Array).GetList(s.Index)).ToList();
        var tagValues = tags.SelectMany(list => Enumerable.Range(0, list.Length).Select(i => ((PrimitiveArray<int>)list).Get(i))).OfType<int>().ToList();
        var flags = Slots(batches, "flag").Select(s => ((BooleanArray)s.Array).Get(s.Index)).OfType<bool>().ToList();
        var points = Slots(batches, "point").Where(s => s.Array.IsValid(s.Index)).ToList();
        var xs = points.Select(s => ((PrimitiveArray<int>)((StructArray)s.Array).Field("x")).Get(s.Index)).OfType<int>().ToList();
        var ys = points.Select(s => ((PrimitiveArray<double>)((StructArray)s.Array).Field("y")).Get(s.Index)).OfType<double>().ToList();
        var timestamps = Valid<long>(batches, "ts");
        var blobs = Slots(batches, "blob").Where(s => s.Array.IsValid(s.Index)).Select(s => ((BinaryArray)s.Array).GetBytes(s.Index).Length).ToList();

        return new ReadingsSummary(
            batches.Sum(b => (long)b.Length),
            values.Count, SumOrNull(values), values.Count == 0 ? null : values.Min(), values.Count == 0 ? null : values.Max(),
            ratios.Count, ratios.Count == 0 ? null : ratios.Sum(), ratios.Count == 0 ? null : ratios.Min(), ratios.Count == 0 ? null : ratios.Max(),
            ratios.Count == 0 ? null : ratios.Sum() / ratios.Count,
            SumOrNull(Valid<float>(batches, "small").Select(f => (double)f).ToList()),
            names.Count(n => n is null),
            presentNames.Count == 0 ? null : presentNames.Sum(n => (long)Encoding.UTF8.GetByteCount(n)),
            presentNames.Count == 0 ? null : presentNames.Sum(n => (long)n.EnumerateRunes().Count()),
            tags.Count == 0 ? null : tags.Sum(t => (long)t.Length),
            tagValues.Count == 0 ? null : tagValues.Sum(v => (long)v),
            flags.Count(f => f), flags.Count,
            points.Count, xs.Count == 0 ? null : xs.Sum(x => (long)x), ys.Count == 0 ? null : ys.Sum(),
            timestamps.Count == 0 ? null : timestamps.Min(), timestamps.Count == 0 ? null : timestamps.Max(),
            SumOrNull(Valid<ushort>(batches, "u16").Select(u => (long)u).ToList()),
            blobs.Count, blobs.Count == 0 ? null : blobs.Sum(b => (long)b),
            Slots(batches, "grp").Select(s => ((StringArray)s.Array).GetString(s.Index)).Distinct().Count());
    }

    private static long? SumOrNull(List<long> values) => values.Count == 0 ? null : values.Sum();

    private static double? SumOrNull(List<double> values) => values.Count == 0 ? null : values.Sum();

    internal static IEnumerable<(ArrowArray Array, int Index)> Slots(IReadOnlyList<RecordBatch> batches, string column) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => (b.Column(column), i)));

    private static List<T> Valid<T>(IReadOnlyList<RecordBatch> batches, string column) where T : unmanaged =>
        Slots(batches, column).Select(s => ((PrimitiveArray<T>)s.Array).Get(s.Index)).OfType<T>().ToList();
}

/// <summary>Per-group aggregates: GROUP BY over a unicode key.</summary>
public sealed record GroupSummary(long Rows, long? ValueSum, long Names)
{
    public const string Sql = "SELECT grp, count(*), sum(value), count(name) FROM readings GROUP BY grp";

    public static SortedDictionary<string, GroupSummary> FromDuckDb(DuckDbQueryResult result)
    {
        var groups = new SortedDictionary<string, GroupSummary>(StringComparer.Ordinal);
        for (var row = 0; row < result.RowCount; row++)
            groups.Add(result.Varchar(0, row)!, new GroupSummary(result.Int64(1, row)!.Value, result.Int64(2, row), result.Int64(3, row)!.Value));
        return groups;
    }

    public static SortedDictionary<string, GroupSummary> FromQuiverViews(IReadOnlyList<RecordBatch> batches)
    {
        var rows = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => (
            Group: ((StringArray)b.Column("grp")).GetString(i)!,
            Value: ((PrimitiveArray<long>)b.Column("value")).Get(i),
            HasName: b.Column("name").IsValid(i))));
        return new SortedDictionary<string, GroupSummary>(
            rows.GroupBy(r => r.Group).ToDictionary(
                g => g.Key,
                g => new GroupSummary(g.Count(), g.Any(r => r.Value is not null) ? g.Sum(r => r.Value ?? 0) : null, g.Count(r => r.HasName))),
            StringComparer.Ordinal);
    }
}

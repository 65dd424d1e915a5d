using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class TemporalBuilderTests
{
    // 2024-01-02T03:04:05.6789012Z; 2024-01-01T00:00:00Z is 1704067200 s after the epoch, plus 1 day and 3:04:05.
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(6_789_012);
    private const long InstantSeconds = 1704164645;

    [Theory]
    [InlineData(TimeUnit.Second, null, InstantSeconds)]
    [InlineData(TimeUnit.Second, "UTC", InstantSeconds)]
    [InlineData(TimeUnit.Millisecond, null, InstantSeconds * 1000 + 678)]
    [InlineData(TimeUnit.Millisecond, "UTC", InstantSeconds * 1000 + 678)]
    [InlineData(TimeUnit.Microsecond, null, InstantSeconds * 1_000_000 + 678_901)]
    [InlineData(TimeUnit.Microsecond, "+02:00", InstantSeconds * 1_000_000 + 678_901)]
    [InlineData(TimeUnit.Nanosecond, null, InstantSeconds * 1_000_000_000 + 678_901_200)]
    [InlineData(TimeUnit.Nanosecond, "Europe/Paris", InstantSeconds * 1_000_000_000 + 678_901_200)]
    public void TimestampsInEveryUnitWithAndWithoutTimeZone(TimeUnit unit, string? timeZone, long expected)
    {
        var type = new TimestampType(unit, timeZone);
        var schema = new Schema([new Field("t", type)]);
        var batch = CheckedWrite.Write(schema, 4, _ => { }, w =>
        {
            var t = w.Column<TimestampColumnBuilder>("t");
            Assert.Equal(unit, t.Unit);
            t.Append(Instant);
            t.Append(Instant.ToOffset(TimeSpan.FromHours(2)));
            t.AppendNull();
            t.Append(-7L);
        }).Batch;

        var column = (TimestampArray)batch.Column("t");
        Assert.Equal(type, column.Type);
        Assert.Equal([expected, expected, null, -7L], column.ToNullables());
        var ticksPerUnit = Math.Max(1, TimeSpan.TicksPerSecond / TimeUnits.PerSecond(unit));
        Assert.Equal(Instant.UtcTicks - Instant.UtcTicks % ticksPerUnit, column.GetDateTimeOffset(0).UtcTicks);
    }

    [Fact]
    public void InstantsBeforeTheEpochRoundDownToTheUnitThatContainsThem()
    {
        var justBefore = DateTimeOffset.UnixEpoch.AddMilliseconds(-500);
        var schema = new Schema([new Field("s", new TimestampType(TimeUnit.Second)), new Field("ms", new TimestampType(TimeUnit.Millisecond))]);
        var batch = CheckedWrite.Write(schema, 1, _ => { }, w =>
        {
            w.Column<TimestampColumnBuilder>("s").Append(justBefore);
            w.Column<TimestampColumnBuilder>("ms").Append(justBefore);
        }).Batch;
        Assert.Equal(-1L, ((TimestampArray)batch.Column("s")).GetValue(0));
        Assert.Equal(-500L, ((TimestampArray)batch.Column("ms")).GetValue(0));
    }

    [Fact]
    public void NanosecondTimestampsOutsideTheirRangeAreRefused()
    {
        var schema = new Schema([new Field("t", new TimestampType(TimeUnit.Nanosecond))]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 1).Plan());
        var t = writer.Column<TimestampColumnBuilder>(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Append(new DateTimeOffset(2300, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(0, t.Count);
    }

    [Theory]
    [InlineData(TimeUnit.Second, -1L)]
    [InlineData(TimeUnit.Millisecond, -1500L)]
    [InlineData(TimeUnit.Microsecond, -1_500_000L)]
    [InlineData(TimeUnit.Nanosecond, -1_500_000_000L)]
    public void DurationsTruncateTowardZero(TimeUnit unit, long expected)
    {
        var schema = new Schema([new Field("d", new DurationType(unit), nullable: false)]);
        var batch = CheckedWrite.Write(schema, 2, _ => { }, w =>
        {
            var d = w.Column<DurationColumnBuilder>(0);
            d.Append(TimeSpan.FromMilliseconds(-1500));
            d.Append(TimeSpan.FromHours(1));
        }).Batch;
        var column = (DurationArray)batch.Column(0);
        Assert.Equal([expected, 3600 * TimeUnits.PerSecond(unit)], column.Values.ToArray());
        Assert.Equal(TimeSpan.FromHours(1), column.GetTimeSpan(1));
    }

    [Fact]
    public void Dates()
    {
        var schema = new Schema([new Field("d32", DateType.Date32), new Field("d64", DateType.Date64)]);
        // 2000-01-01 is day 10957 (30 years, 7 of them leap); March 2nd adds 31 + 29 + 1 days.
        // (March 1st would do too, but its date64 value holds a byte equal to the poison.)
        DateOnly[] dates = [new(1970, 1, 1), new(2000, 3, 2), new(1969, 12, 31)];
        var batch = CheckedWrite.Write(schema, 4, _ => { }, w =>
        {
            var d32 = w.Column<Date32ColumnBuilder>("d32");
            var d64 = w.Column<Date64ColumnBuilder>("d64");
            foreach (var date in dates)
            {
                d32.Append(date);
                d64.Append(date);
            }
            d32.AppendNull();
            d64.AppendNull();
        }).Batch;

        var d32 = (Date32Array)batch.Column("d32");
        var d64 = (Date64Array)batch.Column("d64");
        Assert.Equal([0, 11018, -1, null], d32.ToNullables());
        Assert.Equal([0L, 11018L * 86_400_000, -86_400_000L, null], d64.ToNullables());
        Assert.Equal(dates[1], d32.GetDate(1));
        Assert.Equal(new DateTime(1969, 12, 31), d64.GetDateTime(2));
    }

    [Fact]
    public void TimesOfDay()
    {
        var time = new TimeSpan(0, 13, 45, 30, 123, 456).Add(TimeSpan.FromTicks(7));
        var schema = new Schema([
            new Field("s", new TimeType(TimeUnit.Second, 32)),
            new Field("ms", new TimeType(TimeUnit.Millisecond, 32)),
            new Field("us", new TimeType(TimeUnit.Microsecond, 64)),
            new Field("ns", new TimeType(TimeUnit.Nanosecond, 64)),
        ]);
        var batch = CheckedWrite.Write(schema, 2, _ => { }, w =>
        {
            w.Column<Time32ColumnBuilder>("s").Append(time);
            w.Column<Time32ColumnBuilder>("ms").Append(time);
            w.Column<Time64ColumnBuilder>("us").Append(time);
            w.Column<Time64ColumnBuilder>("ns").Append(time);
            foreach (var column in w.Columns)
                column.AppendNull();
        }).Batch;

        const long seconds = 13 * 3600 + 45 * 60 + 30;
        Assert.Equal([(int)seconds, null], ((Time32Array)batch.Column("s")).ToNullables());
        Assert.Equal([(int)(seconds * 1000 + 123), null], ((Time32Array)batch.Column("ms")).ToNullables());
        Assert.Equal([seconds * 1_000_000 + 123_456, null], ((Time64Array)batch.Column("us")).ToNullables());
        Assert.Equal([seconds * 1_000_000_000 + 123_456_700, null], ((Time64Array)batch.Column("ns")).ToNullables());
        Assert.Equal(time, ((Time64Array)batch.Column("ns")).GetTime(0));
    }

    [Fact]
    public void TimesOutsideADayAreRefused()
    {
        var schema = new Schema([new Field("t", new TimeType(TimeUnit.Millisecond, 32))]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 1).Plan());
        var t = writer.Column<Time32ColumnBuilder>(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Append(TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Append(TimeSpan.FromTicks(-1)));
    }
}

using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// The integration JSON parser on small hand-written files whose expected values are written
/// out by hand here, so a parser bug cannot hide behind a matching bug in the comparer.
/// </summary>
public sealed class IntegrationJsonFileTests
{
    private static IntegrationJsonFile Parse(string json) => IntegrationJsonFile.Parse(Encoding.UTF8.GetBytes(json));

    private const string Primitives = """
        {
          "schema": {
            "fields": [
              {"name": "b", "nullable": true, "type": {"name": "bool"}, "children": []},
              {"name": "i8", "nullable": true, "type": {"name": "int", "isSigned": true, "bitWidth": 8}, "children": [],
               "metadata": [{"key": "k1", "value": "v1"}, {"key": "k1", "value": "dup"}]},
              {"name": "i64", "nullable": false, "type": {"name": "int", "isSigned": true, "bitWidth": 64}, "children": []},
              {"name": "u64", "nullable": true, "type": {"name": "int", "isSigned": false, "bitWidth": 64}, "children": [], "metadata": null},
              {"name": "f32", "nullable": true, "type": {"name": "floatingpoint", "precision": "SINGLE"}, "children": []},
              {"name": "f64", "nullable": true, "type": {"name": "floatingpoint", "precision": "DOUBLE"}, "children": []},
              {"name": "f16", "nullable": true, "type": {"name": "floatingpoint", "precision": "HALF"}, "children": []}
            ],
            "metadata": [{"key": "schema_key", "value": "{}"}]
          },
          "batches": [
            {"count": 3, "columns": [
              {"name": "b", "count": 3, "VALIDITY": [1, 0, 1], "DATA": [true, "garbage under a null", false]},
              {"name": "i8", "count": 3, "VALIDITY": [1, 1, 0], "DATA": [-128, 127, 0]},
              {"name": "i64", "count": 3, "VALIDITY": [1, 1, 1], "DATA": ["-9223372036854775808", "9223372036854775807", "0"]},
              {"name": "u64", "count": 3, "VALIDITY": [1, 0, 1], "DATA": ["18446744073709551615", "0", "1"]},
              {"name": "f32", "count": 3, "VALIDITY": [1, 1, 1], "DATA": [0.1, -0.0, 641.818]},
              {"name": "f64", "count": 3, "VALIDITY": [1, 1, 0], "DATA": [0.1, -0.0, 1.0]},
              {"name": "f16", "count": 3, "VALIDITY": [1, 1, 1], "DATA": [1.5, -2.0, 0.1]}
            ]}
          ]
        }
        """;

    [Fact]
    public void PrimitiveSchemaBecomesQuiverSchemaWithMetadata()
    {
        var file = Parse(Primitives);

        var expected = new Schema(
            [
                new Field("b", BooleanType.Default),
                new Field("i8", IntType.Int8, metadata: KeyValueMetadata.From(("k1", "v1"), ("k1", "dup"))),
                new Field("i64", IntType.Int64, nullable: false),
                new Field("u64", IntType.UInt64),
                new Field("f32", FloatingPointType.Float32),
                new Field("f64", FloatingPointType.Float64),
                new Field("f16", FloatingPointType.Float16),
            ],
            KeyValueMetadata.From(("schema_key", "{}")));
        Assert.True(file.Schema.IsSupported);
        Assert.Equal(expected, file.Schema.Schema);
        Assert.Empty(file.Schema.Unsupported);
        Assert.Equal(1, file.BatchCount);
    }

    [Fact]
    public void PrimitiveValuesAreNormalizedAndNullSlotsAreNotRead()
    {
        var batch = Assert.Single(Parse(Primitives).Batches);
        Assert.Equal(3, batch.Count);

        Assert.Equal([new BooleanValue(true), null, new BooleanValue(false)], batch.Columns[0].Slots);
        Assert.Equal([new IntegerValue(-128), new IntegerValue(127), null], batch.Columns[1].Slots);
        Assert.Equal([new IntegerValue(long.MinValue), new IntegerValue(long.MaxValue), new IntegerValue(0)], batch.Columns[2].Slots);
        Assert.Equal([new IntegerValue(ulong.MaxValue), null, new IntegerValue(1)], batch.Columns[3].Slots);
        // Bit patterns written out by hand: 0.1f, -0.0f, 641.818f.
        Assert.Equal(
            [new FloatValue(FloatPrecision.Single, 0x3DCCCCCD), new FloatValue(FloatPrecision.Single, 0x80000000), new FloatValue(FloatPrecision.Single, 0x4420745A)],
            batch.Columns[4].Slots);
        Assert.Equal([new FloatValue(FloatPrecision.Double, 0x3FB999999999999A), new FloatValue(FloatPrecision.Double, 0x8000000000000000), null], batch.Columns[5].Slots);
        // 1.5 = 0x3E00, -2.0 = 0xC000, 0.1 rounds to 0x2E66 in half precision.
        Assert.Equal(
            [new FloatValue(FloatPrecision.Half, 0x3E00), new FloatValue(FloatPrecision.Half, 0xC000), new FloatValue(FloatPrecision.Half, 0x2E66)],
            batch.Columns[6].Slots);
    }

    [Fact]
    public void BinaryStringAndTemporalValues()
    {
        var file = Parse("""
            {"schema": {"fields": [
              {"name": "s", "nullable": true, "type": {"name": "utf8"}, "children": []},
              {"name": "ls", "nullable": true, "type": {"name": "largeutf8"}, "children": []},
              {"name": "bin", "nullable": true, "type": {"name": "binary"}, "children": []},
              {"name": "fsb", "nullable": true, "type": {"name": "fixedsizebinary", "byteWidth": 2}, "children": []},
              {"name": "ts", "nullable": true, "type": {"name": "timestamp", "unit": "NANOSECOND", "timezone": "Europe/Paris"}, "children": []},
              {"name": "ts_local", "nullable": true, "type": {"name": "timestamp", "unit": "SECOND"}, "children": []},
              {"name": "d", "nullable": true, "type": {"name": "date", "unit": "DAY"}, "children": []},
              {"name": "t", "nullable": true, "type": {"name": "time", "unit": "MICROSECOND", "bitWidth": 64}, "children": []},
              {"name": "dur", "nullable": true, "type": {"name": "duration", "unit": "MILLISECOND"}, "children": []},
              {"name": "n", "nullable": true, "type": {"name": "null"}, "children": []}
            ]},
            "batches": [{"count": 2, "columns": [
              {"name": "s", "count": 2, "VALIDITY": [1, 1], "OFFSET": [0, 4, 4], "DATA": ["a€", ""]},
              {"name": "ls", "count": 2, "VALIDITY": [0, 1], "OFFSET": ["0", "0", "2"], "DATA": ["", "µ"]},
              {"name": "bin", "count": 2, "VALIDITY": [1, 0], "OFFSET": [0, 3, 3], "DATA": ["00FFa0", ""]},
              {"name": "fsb", "count": 2, "VALIDITY": [1, 1], "DATA": ["ABCD", "0001"]},
              {"name": "ts", "count": 2, "VALIDITY": [1, 1], "DATA": ["-9223372036854775808", "1"]},
              {"name": "ts_local", "count": 2, "VALIDITY": [0, 1], "DATA": ["5", "-62135596800"]},
              {"name": "d", "count": 2, "VALIDITY": [1, 1], "DATA": [-148118, 2126947]},
              {"name": "t", "count": 2, "VALIDITY": [1, 0], "DATA": ["86399999999", "0"]},
              {"name": "dur", "count": 2, "VALIDITY": [1, 1], "DATA": ["-1", "9223372036854775807"]},
              {"name": "n", "count": 2}
            ]}]}
            """);

        Assert.Equal(
            [Utf8Type.Default, LargeUtf8Type.Default, BinaryType.Default, new FixedSizeBinaryType(2),
             new TimestampType(TimeUnit.Nanosecond, "Europe/Paris"), new TimestampType(TimeUnit.Second), DateType.Date32,
             new TimeType(TimeUnit.Microsecond, 64), new DurationType(TimeUnit.Millisecond), NullType.Default],
            file.Schema.Schema!.Fields.Select(f => f.Type));
        var columns = Assert.Single(file.Batches).Columns;
        Assert.Equal([new StringValue("a€"), new StringValue("")], columns[0].Slots);
        Assert.Equal([null, new StringValue("µ")], columns[1].Slots);
        var bytes = Assert.IsType<BytesValue>(columns[2].Slots[0]);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0xA0 }, bytes.Value);
        Assert.Null(columns[2].Slots[1]);
        Assert.Equal(new byte[] { 0xAB, 0xCD }, Assert.IsType<BytesValue>(columns[3].Slots[0]).Value);
        Assert.Equal(new byte[] { 0x00, 0x01 }, Assert.IsType<BytesValue>(columns[3].Slots[1]).Value);
        Assert.Equal([new IntegerValue(long.MinValue), new IntegerValue(1)], columns[4].Slots);
        Assert.Equal([null, new IntegerValue(-62135596800)], columns[5].Slots);
        Assert.Equal([new IntegerValue(-148118), new IntegerValue(2126947)], columns[6].Slots);
        Assert.Equal([new IntegerValue(86399999999), null], columns[7].Slots);
        Assert.Equal([new IntegerValue(-1), new IntegerValue(long.MaxValue)], columns[8].Slots);
        Assert.Equal([null, null], columns[9].Slots);
    }

    [Fact]
    public void NestedValuesFollowOffsetsAndChildren()
    {
        var file = Parse("""
            {"schema": {"fields": [
              {"name": "l", "nullable": true, "type": {"name": "list"}, "children": [
                {"name": "item", "nullable": true, "type": {"name": "int", "isSigned": true, "bitWidth": 16}, "children": []}]},
              {"name": "ll", "nullable": false, "type": {"name": "largelist"}, "children": [
                {"name": "inner", "nullable": true, "type": {"name": "fixedsizelist", "listSize": 2}, "children": [
                  {"name": "item", "nullable": false, "type": {"name": "bool"}, "children": []}]}]},
              {"name": "st", "nullable": true, "type": {"name": "struct"}, "children": [
                {"name": "a", "nullable": true, "type": {"name": "int", "isSigned": false, "bitWidth": 8}, "children": []},
                {"name": "b", "nullable": true, "type": {"name": "utf8"}, "children": []}]}
            ]},
            "batches": [{"count": 3, "columns": [
              {"name": "l", "count": 3, "VALIDITY": [1, 0, 1], "OFFSET": [0, 2, 3, 4], "children": [
                {"name": "item", "count": 4, "VALIDITY": [1, 0, 1, 1], "DATA": [7, 0, 99, -7]}]},
              {"name": "ll", "count": 3, "VALIDITY": [1, 1, 1], "OFFSET": ["0", "1", "1", "2"], "children": [
                {"name": "inner", "count": 2, "VALIDITY": [1, 0], "children": [
                  {"name": "item", "count": 4, "VALIDITY": [1, 1, 1, 1], "DATA": [true, false, false, false]}]}]},
              {"name": "st", "count": 3, "VALIDITY": [1, 1, 0], "children": [
                {"name": "a", "count": 3, "VALIDITY": [1, 0, 1], "DATA": [255, 0, 1]},
                {"name": "b", "count": 3, "VALIDITY": [0, 1, 1], "OFFSET": [0, 0, 1, 2], "DATA": ["", "x", "y"]}]}
            ]}]}
            """);

        var item16 = new Field("item", IntType.Int16);
        var inner = new Field("inner", new FixedSizeListType(new Field("item", BooleanType.Default, nullable: false), 2));
        Assert.Equal(
            new Schema([
                new Field("l", new ListType(item16)),
                new Field("ll", new LargeListType(inner), nullable: false),
                new Field("st", new StructType([new Field("a", IntType.UInt8), new Field("b", Utf8Type.Default)])),
            ]),
            file.Schema.Schema);

        var columns = Assert.Single(file.Batches).Columns;
        // The null list's item (99) belongs to no valid list and is not part of any value.
        Assert.Equal(
            [new ListValue([new IntegerValue(7), null]), null, new ListValue([new IntegerValue(-7)])],
            columns[0].Slots, SlotEquality.Instance);
        Assert.Equal(
            [new ListValue([new ListValue([new BooleanValue(true), new BooleanValue(false)])]),
             new ListValue([]),
             new ListValue([null])],
            columns[1].Slots, SlotEquality.Instance);
        Assert.Equal(
            [new StructValue([new IntegerValue(255), null]), new StructValue([null, new StringValue("x")]), null],
            columns[2].Slots, SlotEquality.Instance);
    }

    [Fact]
    public void UnsupportedTypesAreListedInFieldOrder()
    {
        var file = Parse("""
            {"schema": {"fields": [
              {"name": "ok", "nullable": true, "type": {"name": "int", "isSigned": true, "bitWidth": 32}, "children": []},
              {"name": "u", "nullable": true, "type": {"name": "union", "mode": "DENSE", "typeIds": [1]}, "children": [
                {"name": "d", "nullable": true, "type": {"name": "decimal", "precision": 3, "scale": 2, "bitWidth": 64}, "children": []}]},
              {"name": "l", "nullable": true, "type": {"name": "list"}, "children": [
                {"name": "item", "nullable": true, "type": {"name": "struct"}, "children": [
                  {"name": "k", "nullable": true, "type": {"name": "utf8"}, "children": [],
                   "dictionary": {"id": 1, "indexType": {"name": "int", "isSigned": true, "bitWidth": 8}, "isOrdered": false}}],
                 "dictionary": {"id": 0, "indexType": {"name": "int", "isSigned": true, "bitWidth": 8}, "isOrdered": false}}]},
              {"name": "v", "nullable": true, "type": {"name": "utf8view"}, "children": []}
            ]},
            "dictionaries": [{"id": 0, "data": {"count": 0, "columns": []}}],
            "batches": [{"count": 1, "columns": []}, {"count": 1, "columns": []}]}
            """);

        Assert.False(file.Schema.IsSupported);
        Assert.Null(file.Schema.Schema);
        Assert.Equal(
            [new UnsupportedFeature("u", "union"), new UnsupportedFeature("u.d", "decimal"),
             new UnsupportedFeature("l.item.k", "dictionary"), new UnsupportedFeature("v", "utf8view")],
            file.Schema.Unsupported);
        Assert.Equal(2, file.BatchCount);
        Assert.Empty(file.Batches);
    }

    [Theory]
    [InlineData("union", "Field 'u' has type sparse_union, which Quiver does not support.", true)]
    [InlineData("union", "Unsupported type Union in field u", true)]
    [InlineData("decimal", "Field 'f0' has type decimal128(3, 2), which Quiver does not support.", true)]
    [InlineData("interval", "Field 'f5' has type month_interval, which Quiver does not support.", true)]
    [InlineData("dictionary", "Field 'd' is dictionary-encoded (string values, int8 indices)", true)]
    [InlineData("utf8view", "Field 'sv' has type string_view", true)]
    [InlineData("utf8view", "Field 'sv' has type Utf8View", true)]
    [InlineData("listview", "Field 'lv' has type list_view", true)]
    [InlineData("decimal", "Invalid validity bitmap in field 'decimals'", false)]
    [InlineData("union", "Field 'u' has type int32", false)]
    [InlineData("listview", "Field 'llv' has type LargeListView", false)]
    public void RefusalMustNameTheFeatureAsAWord(string jsonName, string message, bool named)
    {
        Assert.Equal(named, new UnsupportedFeature("f", jsonName).IsNamedIn(message));
    }

    [Theory]
    [InlineData("""{"name": "utf8"}""", 1, """{"name": "s", "count": 1, "VALIDITY": [1], "OFFSET": [0, 2], "DATA": ["€"]}""", "s DATA[0]", "OFFSET says 2")]
    [InlineData("""{"name": "utf8"}""", 2, """{"name": "s", "count": 2, "VALIDITY": [1], "OFFSET": [0, 0, 0], "DATA": ["", ""]}""", "column s", "VALIDITY has 1 entries, expected 2")]
    [InlineData("""{"name": "int", "isSigned": true, "bitWidth": 8}""", 1, """{"name": "s", "count": 1, "VALIDITY": [1], "DATA": [300]}""", "s DATA[0]", "does not fit a int8")]
    [InlineData("""{"name": "int", "isSigned": false, "bitWidth": 64}""", 1, """{"name": "s", "count": 1, "VALIDITY": [1], "DATA": ["-1"]}""", "s DATA[0]", "does not fit a uint64")]
    [InlineData("""{"name": "bool"}""", 1, """{"name": "s", "count": 1, "VALIDITY": [2], "DATA": [true]}""", "s VALIDITY[0]", "expected 0 or 1")]
    [InlineData("""{"name": "fixedsizebinary", "byteWidth": 1}""", 1, """{"name": "s", "count": 1, "VALIDITY": [1], "DATA": ["0G"]}""", "s DATA[0]", "not hex-encoded")]
    [InlineData("""{"name": "fixedsizebinary", "byteWidth": 2}""", 1, """{"name": "s", "count": 1, "VALIDITY": [1], "DATA": ["00"]}""", "s DATA[0]", "1 bytes, the type is fixed_size_binary[2]")]
    [InlineData("""{"name": "bool"}""", 0, """{"name": "other", "count": 0, "VALIDITY": [], "DATA": []}""", "column s", "named 'other'")]
    [InlineData("""{"name": "bool"}""", 2, """{"name": "s", "count": 1, "VALIDITY": [1], "DATA": [true]}""", "column s", "count is 1, the batch has 2 rows")]
    public void SelfContradictingColumnsAreReported(string type, int rows, string column, string where, string problem)
    {
        var json = $$"""
            {"schema": {"fields": [{"name": "s", "nullable": true, "type": {{type}}, "children": []}]},
             "batches": [{"count": {{rows}}, "columns": [{{column}}]}]}
            """;
        var error = Assert.Throws<InvalidDataException>(() => Parse(json));
        Assert.Contains(where, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void ListOffsetsOutsideTheChildAreReported()
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse("""
            {"schema": {"fields": [{"name": "l", "nullable": true, "type": {"name": "list"}, "children": [
              {"name": "item", "nullable": true, "type": {"name": "bool"}, "children": []}]}]},
             "batches": [{"count": 1, "columns": [{"name": "l", "count": 1, "VALIDITY": [1], "OFFSET": [0, 2], "children": [
              {"name": "item", "count": 1, "VALIDITY": [1], "DATA": [true]}]}]}]}
            """));
        Assert.Contains("l OFFSET[0]", error.Message);
        Assert.Contains("[0, 2) is not inside the 1 child values", error.Message);
    }

    [Fact]
    public void UnknownTypeNameIsAnErrorNotAGuess()
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse("""
            {"schema": {"fields": [{"name": "x", "nullable": true, "type": {"name": "float128"}, "children": []}]}, "batches": []}
            """));
        Assert.Contains("unknown type name 'float128'", error.Message);
    }

    [Theory]
    [MemberData(nameof(GoldenCases.Streams), MemberType = typeof(GoldenCases))]
    public void GoldenIntegrationJsonParses(string stream)
    {
        var file = GoldenCases.Load(stream);
        if (file.Schema.IsSupported)
        {
            Assert.Equal(file.BatchCount, file.Batches.Count);
            Assert.All(file.Batches, batch => Assert.All(batch.Columns, column => Assert.Equal(batch.Count, column.Slots.Count)));
        }
        else
        {
            Assert.NotEmpty(file.Schema.Unsupported);
        }
    }

    /// <summary>Deep equality for slot values (records compare lists and byte arrays by reference).</summary>
    private sealed class SlotEquality : IEqualityComparer<SlotValue?>
    {
        public static readonly SlotEquality Instance = new();

        public bool Equals(SlotValue? x, SlotValue? y) => (x, y) switch
        {
            (null, null) => true,
            (ListValue a, ListValue b) => a.Items.SequenceEqual(b.Items, this),
            (StructValue a, StructValue b) => a.Members.SequenceEqual(b.Members, this),
            (BytesValue a, BytesValue b) => a.Value.AsSpan().SequenceEqual(b.Value),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(SlotValue? obj) => 0;
    }
}

using System.Runtime.InteropServices;
using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// The comparers must find every kind of difference, at the right place: a comparer that always
/// says "equal" would make the golden tests pass for a broken reader.
/// </summary>
public sealed class ComparerTests
{
    private static readonly Field Item = new("item", IntType.Int16);
    private static readonly Schema TestSchema = new([
        new Field("i32", IntType.Int32),
        new Field("l", new ListType(Item)),
        new Field("st", new StructType([new Field("a", IntType.UInt8), new Field("f", FloatingPointType.Float32, nullable: false)])),
        new Field("s", Utf8Type.Default),
    ]);

    // The rows the hand-built arrays below hold: [1, [7, null], {a: 255, f: 1.5}, "a€"], [null, null, {a: null, f: -0.0}, ""], [-5, [-7], null, null].
    private const string Json = """
        {"schema": {"fields": [
          {"name": "i32", "nullable": true, "type": {"name": "int", "isSigned": true, "bitWidth": 32}, "children": []},
          {"name": "l", "nullable": true, "type": {"name": "list"}, "children": [
            {"name": "item", "nullable": true, "type": {"name": "int", "isSigned": true, "bitWidth": 16}, "children": []}]},
          {"name": "st", "nullable": true, "type": {"name": "struct"}, "children": [
            {"name": "a", "nullable": true, "type": {"name": "int", "isSigned": false, "bitWidth": 8}, "children": []},
            {"name": "f", "nullable": false, "type": {"name": "floatingpoint", "precision": "SINGLE"}, "children": []}]},
          {"name": "s", "nullable": true, "type": {"name": "utf8"}, "children": []}
        ]},
        "batches": [{"count": 3, "columns": [
          {"name": "i32", "count": 3, "VALIDITY": [1, 0, 1], "DATA": [1, 0, -5]},
          {"name": "l", "count": 3, "VALIDITY": [1, 0, 1], "OFFSET": [0, 2, 2, 3], "children": [
            {"name": "item", "count": 3, "VALIDITY": [1, 0, 1], "DATA": [7, 0, -7]}]},
          {"name": "st", "count": 3, "VALIDITY": [1, 1, 0], "children": [
            {"name": "a", "count": 3, "VALIDITY": [1, 0, 1], "DATA": [255, 0, 1]},
            {"name": "f", "count": 3, "VALIDITY": [1, 1, 1], "DATA": [1.5, -0.0, 0.0]}]},
          {"name": "s", "count": 3, "VALIDITY": [1, 1, 0], "OFFSET": [0, 4, 4, 4], "DATA": ["a€", "", ""]}
        ]}]}
        """;

    private static readonly ExpectedBatch Expected = Assert.Single(IntegrationJsonFile.Parse(Encoding.UTF8.GetBytes(Json)).Batches);

    /// <summary>The physical content of the test batch; each test changes one thing.</summary>
    private sealed class Parts
    {
        public byte I32Validity = 0b101;
        public int[] I32 = [1, 0, -5];
        public int[] ListOffsets = [0, 2, 2, 3];
        public short[] Items = [7, 0, -7];
        public byte[] A = [255, 0, 1];
        public float[] F = [1.5f, -0.0f, 0f];
        public byte[] Utf8 = Encoding.UTF8.GetBytes("a€");
        public int Length = 3;
    }

    private static RecordBatch Batch(Action<Parts>? change = null)
    {
        var p = new Parts();
        change?.Invoke(p);
        var i32 = new ArrayData(IntType.Int32, p.Length, ArrayData.UnknownNullCount, 0, [new[] { p.I32Validity }, Bytes(p.I32)]);
        var items = new ArrayData(IntType.Int16, p.Items.Length, ArrayData.UnknownNullCount, 0, [new byte[] { 0b101 }, Bytes(p.Items)]);
        var list = new ArrayData(TestSchema.Fields[1].Type, p.Length, ArrayData.UnknownNullCount, 0, [new byte[] { 0b101 }, Bytes(p.ListOffsets)], [items]);
        var a = new ArrayData(IntType.UInt8, 3, ArrayData.UnknownNullCount, 0, [new byte[] { 0b101 }, p.A]);
        var f = new ArrayData(FloatingPointType.Float32, 3, 0, 0, [ArrowBuffer.Empty, Bytes(p.F)]);
        var st = new ArrayData(TestSchema.Fields[2].Type, p.Length, ArrayData.UnknownNullCount, 0, [new byte[] { 0b011 }], [a, f]);
        var s = new ArrayData(Utf8Type.Default, p.Length, ArrayData.UnknownNullCount, 0, [new byte[] { 0b011 }, Bytes(new[] { 0, p.Utf8.Length, p.Utf8.Length, p.Utf8.Length }), p.Utf8]);
        return new RecordBatch(TestSchema, new[] { i32, list, st, s }.Select(ArrowArrayFactory.Create), p.Length);
    }

    private static byte[] Bytes<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    [Fact]
    public void IdenticalBatchHasNoDifference()
    {
        using var batch = Batch();
        Assert.Null(BatchComparer.FindDifference(Expected, batch));
    }

    [Theory]
    [InlineData("value", "column 'i32' row 2 (i32[2]): expected -5, actual -6")]
    [InlineData("validity", "column 'i32' row 0 (i32[0]): expected 1, actual null")]
    [InlineData("null count", "column 'i32': expected 1 nulls, the array reports 0")]
    [InlineData("list item", "column 'l' row 2 (l[2][0]): expected -7, actual -8")]
    [InlineData("list length", "column 'l' row 0 (l[0]): expected list of 2, actual list of 1")]
    [InlineData("struct member", "column 'st' row 0 (st[0].a): expected 255, actual 254")]
    [InlineData("negative zero", "column 'st' row 1 (st[1].f): expected Single -0 (bits 0x80000000), actual Single 0 (bits 0x00000000)")]
    [InlineData("string", "column 's' row 0 (s[0]): expected \"a€\", actual \"b€\"")]
    [InlineData("row count", "expected 3 rows, actual 2")]
    public void EachKindOfDifferenceIsReportedWhereItIs(string change, string message)
    {
        using var batch = Batch(change switch
        {
            "value" => p => p.I32 = [1, 0, -6],
            "validity" => p => p.I32Validity = 0b110,
            "null count" => p => p.I32Validity = 0b111,
            "list item" => p => p.Items = [7, 0, -8],
            "list length" => p => p.ListOffsets = [0, 1, 1, 3],
            "struct member" => p => p.A = [254, 0, 1],
            "negative zero" => p => p.F = [1.5f, 0f, 0f],
            "string" => p => p.Utf8 = Encoding.UTF8.GetBytes("b€"),
            "row count" => p => p.Length = 2,
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        });
        Assert.Equal(message, BatchComparer.FindDifference(Expected, batch));
    }

    [Fact]
    public void NaNsAreEqualWhateverTheirPayloadButOtherBitsAreNot()
    {
        var quietNaN = new FloatValue(FloatPrecision.Double, 0x7FF8000000000000);
        var payloadNaN = new FloatValue(FloatPrecision.Double, 0x7FF8000000000001);
        var one = FloatValue.Of(1.0);
        Assert.Null(BatchComparer.SlotDifference(FloatingPointType.Float64, quietNaN, payloadNaN, "x"));
        Assert.NotNull(BatchComparer.SlotDifference(FloatingPointType.Float64, quietNaN, one, "x"));
        Assert.NotNull(BatchComparer.SlotDifference(FloatingPointType.Float64, one, FloatValue.Of(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + 1)), "x"));
        Assert.NotNull(BatchComparer.SlotDifference(FloatingPointType.Float32, FloatValue.Of(1.0f), FloatValue.Of(1.0), "x"));
    }

    [Fact]
    public void BytesCompareByContentAndKindsDoNotMix()
    {
        Assert.Null(BatchComparer.SlotDifference(BinaryType.Default, new BytesValue([1, 2]), new BytesValue([1, 2]), "b"));
        Assert.Equal("(b): expected 0x0102 (2 bytes), actual 0x0103 (2 bytes)", BatchComparer.SlotDifference(BinaryType.Default, new BytesValue([1, 2]), new BytesValue([1, 3]), "b"));
        Assert.NotNull(BatchComparer.SlotDifference(Utf8Type.Default, new StringValue("1"), new IntegerValue(1), "x"));
    }

    [Fact]
    public void SchemaDifferencesNameTheField()
    {
        Assert.Null(SchemaComparer.FindDifference(TestSchema, new Schema(TestSchema.Fields)));

        var childMetadata = new Schema([TestSchema.Fields[0], new Field("l", new ListType(new Field("item", IntType.Int16, metadata: KeyValueMetadata.From(("k", "v"))))), TestSchema.Fields[2], TestSchema.Fields[3]]);
        Assert.Equal("schema.l.item: expected custom metadata {}, actual {k: v}", SchemaComparer.FindDifference(TestSchema, childMetadata));

        var notNullable = new Schema([new Field("i32", IntType.Int32, nullable: false), .. TestSchema.Fields.Skip(1)]);
        Assert.Equal("schema.i32: expected nullable=True, actual nullable=False", SchemaComparer.FindDifference(TestSchema, notNullable));

        var otherType = new Schema([new Field("i32", IntType.UInt32), .. TestSchema.Fields.Skip(1)]);
        Assert.Equal("schema.i32: expected type int32, actual uint32", SchemaComparer.FindDifference(TestSchema, otherType));

        var schemaMetadata = new Schema(TestSchema.Fields, KeyValueMetadata.From(("a", "1")));
        Assert.Equal("schema: expected custom metadata {}, actual {a: 1}", SchemaComparer.FindDifference(TestSchema, schemaMetadata));

        var fewer = new Schema(TestSchema.Fields.Take(3));
        Assert.Equal("schema: expected 4 fields (i32, l, st, s), actual 3 (i32, l, st)", SchemaComparer.FindDifference(TestSchema, fewer));
    }
}

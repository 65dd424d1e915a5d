using System.Buffers.Binary;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;
using static Quiver.Runtime.Tests.Ipc.HostileMessages;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>Each kind of malformed input is refused with <see cref="ArrowFormatException"/> and a message that says where and what.</summary>
public class BadInputTests
{
    private static readonly Schema IntAndString = new([new Field("i", IntType.Int32), new Field("s", Utf8Type.Default)]);

    // i: [7, 9] (no bitmap); s: ["a", "bc"] (no bitmap). 32-byte body.
    private static readonly IpcFieldNode[] GoodNodes = [new(2, 0), new(2, 0)];
    private static readonly IpcBufferRegion[] GoodRegions = [new(0, 0), new(0, 8), new(8, 0), new(8, 12), new(24, 3)];
    private static readonly byte[] GoodBody = [.. Bytes(7, 9), .. Bytes(0, 1, 3), 0, 0, 0, 0, .. "abc"u8, 0, 0, 0, 0, 0];

    private static byte[] Batch(long rows = 2, IpcFieldNode[]? nodes = null, IpcBufferRegion[]? regions = null, byte[]? body = null, long? declaredBodyLength = null) =>
        RecordBatch(rows, nodes ?? GoodNodes, regions ?? GoodRegions, body ?? GoodBody, declaredBodyLength);

    private static string BatchError(byte[] message) =>
        Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(IntAndString, message)).Message;

    private static byte[] Stream(params byte[][] messages) => messages.SelectMany(m => m).ToArray();

    private static string StreamError(byte[] stream) =>
        Assert.Throws<ArrowFormatException>(() => new IpcStreamReader(stream).ReadAll().ToList()).Message;

    [Fact]
    public void TheBaselineIsValid()
    {
        using var batch = IpcMessageReader.ReadRecordBatch(IntAndString, Batch());
        Assert.Equal([7, 9], ColumnWalker.ToValues(batch.Column(0)));
        Assert.Equal(["a", "bc"], ColumnWalker.ToValues(batch.Column(1)));
    }

    // ---- framing ----

    [Fact]
    public void RefusesEmptyStream() =>
        Assert.Equal("The IPC stream is empty; it must start with a schema message.", StreamError([]));

    [Fact]
    public void RefusesStreamCutInsideAPrefix() =>
        Assert.Equal("The IPC message at byte 0 is cut short: 5 bytes remain, its prefix needs 8.", StreamError(IpcMessageWriter.WriteSchema(IntAndString)[..5]));

    [Fact]
    public void RefusesStreamCutInsideMetadata()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        Assert.Equal($"The IPC message at byte 0 declares {schema.Length - 8} bytes of metadata, only 92 follow.", StreamError(schema[..100]));
    }

    [Fact]
    public void RefusesStreamCutInsideABody()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        var batch = Batch();
        var stream = Stream(schema, batch)[..^10];
        Assert.Equal($"The IPC message at byte {schema.Length} declares a body of 32 bytes, only 22 follow its metadata.", StreamError(stream));
    }

    [Fact]
    public void RefusesStreamCutInsideTheSecondPrefix()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        var stream = Stream(schema, Batch(), [0xFF, 0xFF, 0xFF]);
        var reader = new IpcStreamReader(stream);
        Assert.NotNull(reader.ReadNext());
        var e = Assert.Throws<ArrowFormatException>(() => reader.ReadNext());
        Assert.Equal($"The IPC message at byte {stream.Length - 3} is cut short: 3 bytes remain, its prefix needs 8.", e.Message);
    }

    [Fact]
    public void RefusesWrongContinuationMarker()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        schema[0] = 0xFE;
        Assert.Equal("The IPC message at byte 0 starts with 0xFFFFFFFE, not the continuation marker 0xFFFFFFFF (Quiver does not read the format before Arrow 0.15, which had none).", StreamError(schema));
    }

    [Fact]
    public void RefusesLegacyFramingWithoutMarker()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        Assert.StartsWith("The IPC message at byte 0 starts with 0x", StreamError(schema[4..]));
    }

    [Theory]
    [InlineData(-8, "The IPC message at byte 0 declares a metadata length of -8.")]
    [InlineData(int.MinValue, "The IPC message at byte 0 declares a metadata length of -2147483648.")]
    [InlineData(int.MaxValue, "The IPC message at byte 0 declares 2147483647 bytes of metadata, only {0} follow.")]
    public void RefusesLyingMetadataLength(int length, string message)
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        BinaryPrimitives.WriteInt32LittleEndian(schema.AsSpan(4), length);
        Assert.Equal(string.Format(message, schema.Length - 8), StreamError(schema));
    }

    [Theory]
    [InlineData(-1L, "The IPC message at byte 0 declares a body of -1 bytes, only 32 follow its metadata.")]
    [InlineData(33L, "The IPC message at byte 0 declares a body of 33 bytes, only 32 follow its metadata.")]
    [InlineData(long.MaxValue, "The IPC message at byte 0 declares a body of 9223372036854775807 bytes, only 32 follow its metadata.")]
    public void RefusesLyingBodyLength(long declared, string message) =>
        Assert.Equal(message, BatchError(Batch(declaredBodyLength: declared)));

    [Fact]
    public void RefusesStreamStartingWithEndMarker() =>
        Assert.Equal("The IPC stream starts with an end-of-stream marker; it must start with a schema message.", StreamError(IpcMessageWriter.EndOfStream.ToArray()));

    [Fact]
    public void RefusesStreamStartingWithRecordBatch() =>
        Assert.Equal("The IPC message at byte 0 is a RecordBatch message where a Schema message was expected.", StreamError(Batch()));

    [Fact]
    public void RefusesSecondSchema()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        Assert.Equal($"The IPC message at byte {schema.Length} is a Schema message where a RecordBatch message was expected.", StreamError(Stream(schema, schema)));
    }

    [Fact]
    public void RefusesDictionaryBatchForSchemaWithoutDictionaries()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        var dictionary = Message(DictionaryBatchHeader, Table((0, 0)));
        var e = Assert.Throws<ArrowFormatException>(() => new IpcStreamReader(Stream(schema, dictionary)).ReadNext());
        Assert.Equal($"The IPC message at byte {schema.Length} is a dictionary batch where a RecordBatch message was expected (its schema has no dictionary-encoded field left to send one for).", e.Message);
        Assert.IsNotType<ArrowNotSupportedException>(e);
    }

    [Fact]
    public void RefusesOldMetadataVersionAsNotSupported()
    {
        var e = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadSchema(Message(SchemaHeader, Table(), version: 2)));
        Assert.Equal("The IPC message at byte 0 uses metadata version V3; Quiver reads V4 and V5.", e.Message);
    }

    [Fact]
    public void ReadsMetadataVersionV4()
    {
        var v4 = Message(SchemaHeader, b => Quiver.Arrow.Ipc.SchemaEncoder.Write(b, IntAndString), version: 3);
        Assert.Equal(IntAndString, IpcMessageReader.ReadSchema(v4));
    }

    [Theory]
    [InlineData((byte)0, "The IPC message at byte 0 has no header type.")]
    [InlineData((byte)9, "The IPC message at byte 0 has an unknown header type 9.")]
    public void RefusesUnknownHeaderType(byte type, string message) =>
        Assert.Equal(message, Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(Message(type, Table()))).Message);

    [Fact]
    public void RefusesMessageWithoutHeaderTable()
    {
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(Message(SchemaHeader, _ => 0)));
        Assert.Equal("The Schema message at byte 0 has no header table.", e.Message);
    }


    [Fact]
    public void RefusesCorruptMessageFlatbuffer()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        BinaryPrimitives.WriteInt32LittleEndian(schema.AsSpan(8), 0x7FFF_0000);
        Assert.Equal($"Invalid flatbuffer: the root table referenced at byte 0 starts at byte {0x7FFF_0000}, beyond the {schema.Length - 8}-byte buffer.", StreamError(schema));
    }

    // ---- schema ----

    [Fact]
    public void RefusesBigEndianAsNotSupported()
    {
        var message = SchemaWithField(b => Field(b, "x", 6, PlaceholderTable), endianness: 1);
        var e = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadSchema(message));
        Assert.Equal("The schema is big-endian; Quiver reads little-endian Arrow data only.", e.Message);
    }

    [Fact]
    public void RefusesUnknownEndianness() =>
        Assert.Equal("The schema's endianness is 7; Arrow defines 0 (little) and 1 (big).",
            Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b => Field(b, "x", 6, PlaceholderTable), endianness: 7))).Message);

    [Fact]
    public void RefusesUnknownTypeIdAsNotSupported()
    {
        var e = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b => Field(b, "x", 99, PlaceholderTable))));
        Assert.Equal("Field 'x' has type an unknown type (Type union tag 99), which Quiver does not support.", e.Message);
    }

    private static readonly Dictionary<string, (byte Tag, Func<FlatBufferBuilder, int> WriteType)> BadTypeTables = new()
    {
        ["no type"] = (0, PlaceholderTable),
        ["no type table"] = (2, _ => 0),
        ["int12"] = (2, Table((0, 12))),
        ["int default width"] = (2, Table()),
        ["precision"] = (3, Int16Table(0, 5)),
        ["date unit"] = (8, Int16Table(0, 2)),
        ["time width"] = (9, Table((1, 64))),
        ["time unit"] = (9, Int16Table(0, -1)),
        ["timestamp unit"] = (10, Int16Table(0, 4)),
        ["fsb negative"] = (15, Table((0, -3))),
        ["fsb huge"] = (15, Table((0, int.MaxValue))),
        ["list without child"] = (12, PlaceholderTable),
        ["fsl negative"] = (16, Table((0, -1))),
        ["decimal precision 0"] = (7, Table((0, 0), (1, 2), (2, 128))),
        ["decimal128 precision 39"] = (7, Table((0, 39), (1, 2), (2, 128))),
        ["decimal256 precision 77"] = (7, Table((0, 77), (1, 0), (2, 256))),
        ["map without child"] = (17, PlaceholderTable),
    };

    [Theory]
    [InlineData("no type", "Field 'x' has no type.")]
    [InlineData("no type table", "Field 'x' has type tag Int but no type table.")]
    [InlineData("int12", "Field 'x' has an integer type of 12 bits; Arrow integers have 8, 16, 32 or 64.")]
    [InlineData("int default width", "Field 'x' has an integer type of 0 bits; Arrow integers have 8, 16, 32 or 64.")]
    [InlineData("precision", "Field 'x' has a floating point precision of 5; Arrow defines 0 (half), 1 (single) and 2 (double).")]
    [InlineData("date unit", "Field 'x' has a date unit of 2; Arrow defines 0 (day) and 1 (millisecond).")]
    [InlineData("time width", "Field 'x' has a time type in Milliseconds of 64 bits; Arrow requires 32.")]
    [InlineData("time unit", "Field 'x' has a time unit of -1; Arrow defines 0 (second) to 3 (nanosecond).")]
    [InlineData("timestamp unit", "Field 'x' has a time unit of 4; Arrow defines 0 (second) to 3 (nanosecond).")]
    [InlineData("fsb negative", "Field 'x' has a fixed-size binary width of -3 bytes; Quiver reads 0 to 268435455.")]
    [InlineData("fsb huge", "Field 'x' has a fixed-size binary width of 2147483647 bytes; Quiver reads 0 to 268435455.")]
    [InlineData("list without child", "Field 'x' of type list has 0 children; it needs exactly 1.")]
    [InlineData("fsl negative", "Field 'x' has a fixed-size list size of -1.")]
    [InlineData("decimal precision 0", "Field 'x' has a decimal128 precision of 0; Arrow allows 1 to 38.")]
    [InlineData("decimal128 precision 39", "Field 'x' has a decimal128 precision of 39; Arrow allows 1 to 38.")]
    [InlineData("decimal256 precision 77", "Field 'x' has a decimal256 precision of 77; Arrow allows 1 to 76.")]
    [InlineData("map without child", "Field 'x' of type map has 0 children; it needs exactly 1.")]
    public void RefusesInvalidTypes(string name, string message)
    {
        var (tag, writeType) = BadTypeTables[name];
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b => Field(b, "x", tag, writeType))));
        Assert.Equal(message, e.Message);
        Assert.IsNotType<ArrowNotSupportedException>(e);
    }

    [Fact]
    public void RefusesChildrenOnPrimitiveTypes()
    {
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b =>
        {
            var child = Field(b, "c", 6, PlaceholderTable);
            return Field(b, "x", 5, PlaceholderTable, [child]);
        })));
        Assert.Equal("Field 'x' of type string has 1 children; it can have none.", e.Message);
    }

    [Fact]
    public void ReadsDictionaryEncodedFieldWithItsIndexType()
    {
        var schema = IpcMessageReader.ReadSchema(SchemaWithField(b =>
        {
            var index = Table((0, 16))(b);
            b.StartTable(4);
            b.AddOffset(1, index);
            var dictionary = b.EndTable();
            return Field(b, "d", 5, PlaceholderTable, dictionary: dictionary);
        }));
        Assert.Equal(new DictionaryType(IntType.UInt16, Utf8Type.Default), schema.Fields[0].Type);
    }

    [Fact]
    public void RefusesDictionaryInsideDictionaryValuesAsNotSupported()
    {
        var e = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b =>
        {
            var inner = Field(b, "k", 5, PlaceholderTable, dictionary: DictionaryEncoding(b, 1));
            return Field(b, "d", 13, PlaceholderTable, [inner], dictionary: DictionaryEncoding(b, 0));
        })));
        Assert.Equal("Field 'd.k' is dictionary-encoded inside the values of another dictionary; Quiver does not support nested dictionaries.", e.Message);
    }

    [Fact]
    public void RefusesDictionaryIndicesOfOddWidth()
    {
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b =>
        {
            var index = Table((0, 12), (1, 1))(b);
            b.StartTable(4);
            b.AddOffset(1, index);
            return Field(b, "d", 5, PlaceholderTable, dictionary: b.EndTable());
        })));
        Assert.Equal("Field 'd' has dictionary indices of 12 bits; Arrow integers have 8, 16, 32 or 64.", e.Message);
    }

    [Theory]
    [InlineData(true, false, "Field 'm' is a map whose entries are nullable; Arrow requires them not null.")]
    [InlineData(false, true, "Field 'm' is a map whose key 'key' is nullable; Arrow requires map keys not null.")]
    public void RefusesMapWithNullableEntriesOrKeys(bool entriesNullable, bool keyNullable, string message)
    {
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(SchemaWithField(b =>
        {
            var key = Field(b, "key", 5, PlaceholderTable, nullable: keyNullable);
            var value = Field(b, "value", 5, PlaceholderTable);
            var entries = Field(b, "entries", 13, PlaceholderTable, [key, value], nullable: entriesNullable);
            return Field(b, "m", 17, PlaceholderTable, [entries]);
        })));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void RefusesNestingBomb()
    {
        // 65 lists, each the only child of the one before: one level past the limit.
        var message = SchemaWithField(b =>
        {
            var field = Field(b, "leaf", 6, PlaceholderTable);
            for (var i = 0; i < 64; i++)
                field = Field(b, "l", 12, PlaceholderTable, [field]);
            return field;
        });
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(message));
        Assert.Equal($"Field '{string.Join(".", Enumerable.Repeat("l", 64))}.leaf' is nested 65 levels deep; Quiver reads at most 64.", e.Message);
    }

    [Fact]
    public void ReadsNestingAtTheLimit()
    {
        var message = SchemaWithField(b =>
        {
            var field = Field(b, "leaf", 6, PlaceholderTable);
            for (var i = 0; i < 63; i++)
                field = Field(b, "l", 12, PlaceholderTable, [field]);
            return field;
        });
        Assert.IsType<ListType>(IpcMessageReader.ReadSchema(message).Fields[0].Type);
    }

    [Fact]
    public void RefusesMetadataWithoutValue()
    {
        var message = SchemaWithField(b =>
        {
            var key = b.CreateString("k");
            b.StartTable(2);
            b.AddOffset(0, key);
            var pairs = b.CreateOffsetVector([b.EndTable()]);
            var name = b.CreateString("x");
            var type = PlaceholderTable(b);
            b.StartTable(7);
            b.AddOffset(0, name);
            b.AddUInt8(2, 6);
            b.AddOffset(3, type);
            b.AddOffset(6, pairs);
            return b.EndTable();
        });
        Assert.Equal("Custom metadata entry 0 ('k') of field 'x' has no value.", Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadSchema(message)).Message);
    }

    // ---- record batch ----

    [Theory]
    [InlineData(-1L, "The record batch at byte 0 declares -1 rows; Quiver reads 0 to 2^31-1.")]
    [InlineData(1L << 31, "The record batch at byte 0 declares 2147483648 rows; Quiver reads 0 to 2^31-1.")]
    public void RefusesBadRowCount(long rows, string message) => Assert.Equal(message, BatchError(Batch(rows: rows)));

    [Fact]
    public void RefusesColumnLengthOtherThanTheBatch() =>
        Assert.Equal("The record batch at byte 0: column 'i' has 1 rows, the batch 2.", BatchError(Batch(nodes: [new(1, 0), new(2, 0)])));

    [Fact]
    public void RefusesWrongNodeCount() =>
        Assert.Equal("The record batch at byte 0 has 1 field nodes; its schema needs 2.", BatchError(Batch(nodes: [new(2, 0)])));

    [Fact]
    public void RefusesWrongBufferCount() =>
        Assert.Equal("The record batch at byte 0 has 4 buffers; its schema needs 5.", BatchError(Batch(regions: GoodRegions[..4])));

    [Theory]
    [InlineData(1L << 40, 0L, "The record batch at byte 0: field node 0 ('i') has length 1099511627776; Quiver reads 0 to 2^31-1.")]
    [InlineData(-2L, 0L, "The record batch at byte 0: field node 0 ('i') has length -2; Quiver reads 0 to 2^31-1.")]
    [InlineData(2L, 3L, "The record batch at byte 0: field node 0 ('i') has a null count of 3 for a length of 2.")]
    [InlineData(2L, -1L, "The record batch at byte 0: field node 0 ('i') has a null count of -1 for a length of 2.")]
    public void RefusesBadFieldNodes(long length, long nullCount, string message) =>
        Assert.Equal(message, BatchError(Batch(nodes: [new(length, nullCount), new(2, 0)])));

    [Theory]
    [InlineData(28L, 8L, "The record batch at byte 0: buffer 1 ('i') covers 8 bytes from offset 28, outside the 32-byte body.")]
    [InlineData(-8L, 8L, "The record batch at byte 0: buffer 1 ('i') covers 8 bytes from offset -8, outside the 32-byte body.")]
    [InlineData(0L, -8L, "The record batch at byte 0: buffer 1 ('i') covers -8 bytes from offset 0, outside the 32-byte body.")]
    [InlineData(long.MaxValue, long.MaxValue, "The record batch at byte 0: buffer 1 ('i') covers 9223372036854775807 bytes from offset 9223372036854775807, outside the 32-byte body.")]
    [InlineData(8L, long.MaxValue - 4, "The record batch at byte 0: buffer 1 ('i') covers 9223372036854775803 bytes from offset 8, outside the 32-byte body.")]
    public void RefusesBuffersOutsideTheBody(long offset, long length, string message)
    {
        var regions = (IpcBufferRegion[])GoodRegions.Clone();
        regions[1] = new(offset, length);
        Assert.Equal(message, BatchError(Batch(regions: regions)));
    }

    [Fact]
    public void RefusesValuesBufferTooShort()
    {
        var regions = (IpcBufferRegion[])GoodRegions.Clone();
        regions[1] = new(0, 7);
        Assert.Equal("The record batch at byte 0: column 'i': Invalid Arrow array at array (int32): values buffer has 7 bytes, 8 needed for offset 0 + length 2.", BatchError(Batch(regions: regions)));
    }

    [Fact]
    public void RefusesNonMonotonicOffsets()
    {
        var body = (byte[])GoodBody.Clone();
        Bytes(0, 3, 1).CopyTo(body, 8);
        Assert.Equal("The record batch at byte 0: column 's': Invalid Arrow array at array (string): offsets are not monotonic at slot 1: 3 then 1.", BatchError(Batch(body: body)));
    }

    [Fact]
    public void RefusesOffsetsBeyondTheData()
    {
        var body = (byte[])GoodBody.Clone();
        Bytes(0, 1, 4).CopyTo(body, 8);
        Assert.Equal("The record batch at byte 0: column 's': Invalid Arrow array at array (string): last offset 4 is beyond the 3 bytes of data.", BatchError(Batch(body: body)));
    }

    [Fact]
    public void RefusesNegativeFirstOffset()
    {
        var body = (byte[])GoodBody.Clone();
        Bytes(-1, 1, 3).CopyTo(body, 8);
        Assert.Equal("The record batch at byte 0: column 's': Invalid Arrow array at array (string): first offset is negative (-1).", BatchError(Batch(body: body)));
    }

    [Fact]
    public void RefusesNullCountWithoutBitmap() =>
        Assert.Equal("The record batch at byte 0: column 'i': Invalid Arrow array at array (int32): null count is 1 but there is no validity bitmap.",
            BatchError(Batch(nodes: [new(2, 1), new(2, 0)])));

    [Fact]
    public void RefusesNullCountThatDisagreesWithTheBitmap()
    {
        var body = (byte[])GoodBody.Clone();
        body[27] = 0b01; // a bitmap in the padding: slot 0 valid, slot 1 null
        var regions = (IpcBufferRegion[])GoodRegions.Clone();
        regions[0] = new(27, 1);
        Assert.Equal("The record batch at byte 0: column 'i': Invalid Arrow array at array (int32): null count says 0, the validity bitmap has 1 nulls.", BatchError(Batch(regions: regions, body: body)));
    }

    [Fact]
    public void RefusesCompressedBodyAsNotSupported()
    {
        var message = Message(RecordBatchHeader, b =>
        {
            b.StartTable(2);
            b.AddUInt8(0, 1);
            var compression = b.EndTable();
            b.StartTable(5);
            b.AddOffset(3, compression);
            return b.EndTable();
        });
        var e = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadRecordBatch(IntAndString, message));
        Assert.Equal("The record batch at byte 0 is compressed (ZSTD); Quiver does not support IPC body compression.", e.Message);
    }

    [Fact]
    public void RefusesVariadicBufferCounts()
    {
        var message = Message(RecordBatchHeader, b =>
        {
            b.StartVector(8, 1, 8);
            b.PutInt64(2);
            var counts = b.EndVector(1);
            b.StartTable(5);
            b.AddOffset(4, counts);
            return b.EndTable();
        });
        Assert.Equal("The record batch at byte 0 gives 1 variadic buffer counts, but its schema has no view types.", BatchError(message));
    }

    [Fact]
    public void ReportsTheStreamPositionOfABadBatch()
    {
        var schema = IpcMessageWriter.WriteSchema(IntAndString);
        var good = Batch();
        var stream = Stream(schema, good, Batch(nodes: [new(2, 5), new(2, 0)]));
        Assert.Equal($"The record batch at byte {schema.Length + good.Length}: field node 0 ('i') has a null count of 5 for a length of 2.", StreamError(stream));
    }

    [Fact]
    public void HugeDeclaredLengthsAllocateLittle()
    {
        // Lengths near 2^31 that the body cannot back must fail before anything is sized by them.
        var schema = new Schema([new Field("n", NullType.Default), new Field("l", new ListType(new Field("item", IntType.Int64)))]);
        var message = RecordBatch(int.MaxValue, [new(int.MaxValue, 0), new(int.MaxValue, 0), new(int.MaxValue, 0)],
            [new(0, 0), new(0, 8), new(0, 0), new(0, 8)], new byte[8]);
        IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(schema));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(schema, message));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("The record batch at byte 0: column 'l': Invalid Arrow array at array (list<item: int64>): offsets buffer has 8 bytes, 8589934592 needed for offset 0 + length 2147483647.", e.Message);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }
}

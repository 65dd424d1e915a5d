using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

public class SchemaMessageTests
{
    private static Field F(string name, ArrowType type, bool nullable = true, KeyValueMetadata? metadata = null) => new(name, type, nullable, metadata);

    public static TheoryData<string, ArrowType> EveryType() => new()
    {
        { "null", NullType.Default },
        { "bool", BooleanType.Default },
        { "int8", IntType.Int8 }, { "int16", IntType.Int16 }, { "int32", IntType.Int32 }, { "int64", IntType.Int64 },
        { "uint8", IntType.UInt8 }, { "uint16", IntType.UInt16 }, { "uint32", IntType.UInt32 }, { "uint64", IntType.UInt64 },
        { "half", FloatingPointType.Float16 }, { "float", FloatingPointType.Float32 }, { "double", FloatingPointType.Float64 },
        { "utf8", Utf8Type.Default }, { "binary", BinaryType.Default },
        { "large_utf8", LargeUtf8Type.Default }, { "large_binary", LargeBinaryType.Default },
        { "fsb0", new FixedSizeBinaryType(0) }, { "fsb16", new FixedSizeBinaryType(16) },
        { "date32", DateType.Date32 }, { "date64", DateType.Date64 },
        { "time32s", new TimeType(TimeUnit.Second, 32) }, { "time32ms", new TimeType(TimeUnit.Millisecond, 32) },
        { "time64us", new TimeType(TimeUnit.Microsecond, 64) }, { "time64ns", new TimeType(TimeUnit.Nanosecond, 64) },
        { "ts_s", new TimestampType(TimeUnit.Second) }, { "ts_ms_utc", new TimestampType(TimeUnit.Millisecond, "UTC") },
        { "ts_us_paris", new TimestampType(TimeUnit.Microsecond, "Europe/Paris") }, { "ts_ns_offset", new TimestampType(TimeUnit.Nanosecond, "+07:30") },
        { "dur_s", new DurationType(TimeUnit.Second) }, { "dur_ms", new DurationType(TimeUnit.Millisecond) },
        { "dur_us", new DurationType(TimeUnit.Microsecond) }, { "dur_ns", new DurationType(TimeUnit.Nanosecond) },
        { "list", new ListType(F("item", IntType.Int32)) },
        { "large_list", new LargeListType(F("element", Utf8Type.Default, nullable: false)) },
        { "fixed_size_list", new FixedSizeListType(F("item", FloatingPointType.Float32), 3) },
        { "fixed_size_list0", new FixedSizeListType(F("item", NullType.Default), 0) },
        { "empty_struct", new StructType([]) },
        { "struct", new StructType([F("a", IntType.Int64, false), F("b", new ListType(F("item", BooleanType.Default)))]) },
        { "deep", new ListType(F("l", new StructType([F("s", new FixedSizeListType(F("f", new LargeListType(F("x", new TimestampType(TimeUnit.Nanosecond, "UTC")))), 2))]))) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void RoundTripsEveryType(string name, ArrowType type)
    {
        var schema = new Schema([F(name, type), F(name + "_not_null", type, nullable: false)]);
        var read = IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(schema));
        Assert.Equal(schema, read);
        Assert.Equal(type.ToString(), read.Fields[0].Type.ToString());
        Assert.False(read.Fields[1].Nullable);
    }

    [Fact]
    public void RoundTripsMetadataInOrderWithDuplicates()
    {
        var fieldMetadata = KeyValueMetadata.From(("z", "1"), ("a", ""), ("z", "2"), ("ünïcødé", "值"));
        var schemaMetadata = KeyValueMetadata.From(("schema_key", "{\"json\": true}"), ("", "empty key"));
        var schema = new Schema(
        [
            F("x", IntType.Int8, metadata: fieldMetadata),
            F("s", new StructType([F("inner", Utf8Type.Default, metadata: KeyValueMetadata.From(("deep", "yes")))])),
            F("", BooleanType.Default),
        ], schemaMetadata);
        var read = IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(schema));
        Assert.Equal(schema, read);
        Assert.Equal(["z", "a", "z", "ünïcødé"], read.Fields[0].Metadata.Select(p => p.Key));
        Assert.True(read.Fields[0].Metadata.TryGetValue("z", out var last));
        Assert.Equal("2", last);
        Assert.Equal("yes", ((StructType)read.Fields[1].Type).Fields[0].Metadata[0].Value);
        Assert.Equal(schemaMetadata, read.Metadata);
    }

    [Fact]
    public void EmptyTimeZoneReadsAsNone()
    {
        var read = IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(new Schema([F("t", new TimestampType(TimeUnit.Second, ""))])));
        Assert.Null(((TimestampType)read.Fields[0].Type).TimeZone);
    }

    [Fact]
    public void WritesWholeFramedMessage()
    {
        var message = IpcMessageWriter.WriteSchema(new Schema([F("a", IntType.Int32)]));
        Assert.Equal(0, message.Length % 64);
        Assert.Equal(0xFFFFFFFFu, BitConverter.ToUInt32(message, 0));
        Assert.Equal(message.Length - 8, BitConverter.ToInt32(message, 4));
    }

    [Fact]
    public void RoundTripsSchemaOfEveryReadableGoldenStream()
    {
        // Arrow C++ wrote these; what Quiver reads from them it must write back unchanged.
        var read = 0;
        foreach (var name in ArrowTestingData.StreamNames())
        {
            Schema schema;
            try
            {
                schema = IpcMessageReader.ReadSchema(ArrowTestingData.ReadStream(name));
            }
            catch (ArrowNotSupportedException)
            {
                continue;
            }
            Assert.Equal(schema, IpcMessageReader.ReadSchema(IpcMessageWriter.WriteSchema(schema)));
            read++;
        }
        Assert.Equal(19, read);
    }

    [Fact]
    public void RefusesWritingNestingReadersWouldRefuse()
    {
        ArrowType type = IntType.Int32;
        for (var i = 0; i < 64; i++)
            type = new ListType(F("item", type));
        var e = Assert.Throws<ArgumentException>(() => IpcMessageWriter.WriteSchema(new Schema([F("deep", type)])));
        Assert.Equal("Field 'item' is nested 65 levels deep; Arrow IPC readers accept at most 64.", e.Message);
    }
}

using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class PrimitiveBuilderTests
{
    [Fact]
    public void Int8() => RoundTrip<sbyte>(IntType.Int8, sbyte.MinValue, -1, 0, 1, sbyte.MaxValue);

    [Fact]
    public void Int16() => RoundTrip<short>(IntType.Int16, short.MinValue, -1, 0, 300, short.MaxValue);

    [Fact]
    public void Int32() => RoundTrip(IntType.Int32, int.MinValue, -1, 0, 70000, int.MaxValue);

    [Fact]
    public void Int64() => RoundTrip(IntType.Int64, long.MinValue, -1, 0, 1L << 40, long.MaxValue);

    [Fact]
    public void UInt8() => RoundTrip<byte>(IntType.UInt8, byte.MinValue, 1, 128, byte.MaxValue);

    [Fact]
    public void UInt16() => RoundTrip<ushort>(IntType.UInt16, ushort.MinValue, 1, 40000, ushort.MaxValue);

    [Fact]
    public void UInt32() => RoundTrip<uint>(IntType.UInt32, uint.MinValue, 1, 3_000_000_000, uint.MaxValue);

    [Fact]
    public void UInt64() => RoundTrip<ulong>(IntType.UInt64, ulong.MinValue, 1, 1UL << 63, ulong.MaxValue);

    [Fact]
    public void Float16() => RoundTrip(FloatingPointType.Float16, Half.MinValue, (Half)(-1.5), Half.Epsilon, (Half)0.25, Half.MaxValue, Half.NaN);

    [Fact]
    public void Float32() => RoundTrip(FloatingPointType.Float32, float.MinValue, -1.5f, float.Epsilon, 0.25f, float.MaxValue, float.NegativeInfinity);

    [Fact]
    public void Float64() => RoundTrip(FloatingPointType.Float64, double.MinValue, -1.5, double.Epsilon, 0.25, double.MaxValue, double.NaN);

    /// <summary>Each value once valid, then each again after a null, through Append; three times through the bulk in-place path.</summary>
    private static void RoundTrip<T>(ArrowType type, params T[] values) where T : unmanaged
    {
        var schema = new Schema([new Field("appended", type), new Field("in_place", type, nullable: false)]);
        var rows = values.Length * 3;
        var batch = CheckedWrite.Write(schema, rows, _ => { }, w =>
        {
            var appended = w.Column<PrimitiveColumnBuilder<T>>("appended");
            foreach (var value in values)
                appended.Append(value);
            foreach (var value in values)
            {
                appended.AppendNull();
                appended.Append(value);
            }
            var inPlace = w.Column<PrimitiveColumnBuilder<T>>("in_place").AppendInPlace(rows);
            for (var copy = 0; copy < 3; copy++)
                values.CopyTo(inPlace[(copy * values.Length)..]);
        }).Batch;

        T?[] expected = [.. values.Select(v => (T?)v), .. values.SelectMany(v => new T?[] { null, v })];
        Assert.Equal(expected, ((PrimitiveArray<T>)batch.Column("appended")).ToNullables());
        Assert.Equal([.. values, .. values, .. values], ((PrimitiveArray<T>)batch.Column("in_place")).Values.ToArray());
        Assert.Equal(0, batch.Column("in_place").NullCount);
        Assert.True(batch.Column("in_place").Data.ValidityBitmap.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void NullsAtEveryKindOfPositionProduceTheSpecBitmap(int rows)
    {
        // Nulls at the first and last row, at byte and word boundaries, and every fifth row.
        bool IsNull(int i) => i == 0 || i == rows - 1 || i % 8 == 7 || i % 64 == 63 || i % 5 == 2;
        var schema = new Schema([new Field("v", IntType.Int32)]);
        var finished = CheckedWrite.Write(schema, rows, _ => { }, w =>
        {
            var v = w.Column<PrimitiveColumnBuilder<int>>(0);
            for (var i = 0; i < rows; i++)
            {
                if (IsNull(i))
                    v.AppendNull();
                else
                    v.Append(i * 2);
            }
        });

        var expectedBitmap = new byte[(rows + 7) / 8];
        for (var i = 0; i < rows; i++)
        {
            if (!IsNull(i))
                expectedBitmap[i / 8] |= (byte)(1 << (i % 8));
        }
        var column = (PrimitiveArray<int>)finished.Batch.Column(0);
        Assert.Equal(expectedBitmap, column.Data.ValidityBitmap.ToArray());
        Assert.Equal(Enumerable.Range(0, rows).Count(IsNull), column.NullCount);
        Assert.Equal(Enumerable.Range(0, rows).Select(i => IsNull(i) ? 0 : i * 2), column.Values.ToArray());
    }

    [Fact]
    public void BulkRunsAndSingleNullsInterleaveAcrossByteBoundaries()
    {
        var schema = new Schema([new Field("v", IntType.UInt16)]);
        var batch = CheckedWrite.Write(schema, 3 + 70 + 1 + 17, _ => { }, w =>
        {
            var v = w.Column<PrimitiveColumnBuilder<ushort>>(0);
            v.Append([1, 2]);
            v.AppendNull();
            var run = v.AppendInPlace(70);
            for (var i = 0; i < run.Length; i++)
                run[i] = (ushort)(100 + i);
            v.AppendNull();
            v.AppendInPlace(17).Fill(9);
        }).Batch;

        ushort?[] expected = [1, 2, null, .. Enumerable.Range(100, 70).Select(i => (ushort?)i), null, .. Enumerable.Repeat((ushort?)9, 17)];
        Assert.Equal(expected, ((PrimitiveArray<ushort>)batch.Column(0)).ToNullables());
    }

    [Fact]
    public void Booleans()
    {
        var schema = new Schema([new Field("flags", BooleanType.Default), new Field("bits", BooleanType.Default, nullable: false)]);
        bool?[] flags = [.. Enumerable.Range(0, 70).Select(i => i % 7 == 3 ? (bool?)null : i % 3 == 0)];
        var bits = Enumerable.Range(0, 70).Select(i => i % 2 == 1).ToArray();
        var batch = CheckedWrite.Write(schema, 70, _ => { }, w =>
        {
            var f = w.Column<BooleanColumnBuilder>("flags");
            foreach (var flag in flags)
            {
                if (flag is { } value)
                    f.Append(value);
                else
                    f.AppendNull();
            }
            w.Column<BooleanColumnBuilder>("bits").Append(bits);
        }).Batch;

        Assert.Equal(flags, ((BooleanArray)batch.Column("flags")).ToNullables());
        Assert.Equal(bits.Select(b => (bool?)b), ((BooleanArray)batch.Column("bits")).ToNullables());
        // Odd rows set: 0b10101010 per byte, and the last byte holds only rows 64..69.
        Assert.Equal([0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0x2A], batch.Column("bits").Data.Buffers[1].Span.ToArray());
    }

    [Fact]
    public void NullColumns()
    {
        var schema = new Schema([new Field("nothing", NullType.Default)]);
        var finished = CheckedWrite.Write(schema, 5, _ => { }, w =>
        {
            var n = w.Column<NullColumnBuilder>(0);
            n.AppendNull();
            n.AppendNulls(4);
        });
        Assert.IsType<NullArray>(finished.Batch.Column(0));
        Assert.Equal(5, finished.Batch.Column(0).NullCount);
        Assert.Empty(finished.Buffers.ToArray());
        Assert.Equal(0, finished.BodyLength);
    }

    [Fact]
    public void NotNullableFieldRefusesNullsNamingIt()
    {
        var schema = new Schema([new Field("id", IntType.Int64, nullable: false)]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 2).Plan());
        var e = Assert.Throws<InvalidOperationException>(() => writer.Column(0).AppendNull());
        Assert.Contains("'id'", e.Message);
        Assert.Contains("not nullable", e.Message);
    }

    [Fact]
    public void MoreRowsThanPlannedThrowAtOnceNamingTheField()
    {
        var schema = new Schema([new Field("id", IntType.Int64)]);
        var body = new byte[64 * 4];
        var writer = new RecordBatchWriter(new RecordBatchSizes(schema, 2).Plan(), body);
        var id = writer.Column<PrimitiveColumnBuilder<long>>("id");
        id.Append(1);
        id.Append(2);
        var e = Assert.Throws<InvalidOperationException>(() => id.Append(3));
        Assert.Contains("'id'", e.Message);
        Assert.Contains("plans 2 slots", e.Message);
        Assert.Throws<InvalidOperationException>(() => id.AppendInPlace(1));
        Assert.Throws<InvalidOperationException>(id.AppendNull);
        Assert.Equal([1L, 2L], MemoryMarshal.Cast<byte, long>(body.AsSpan(64, 24)).ToArray()[..2]);
        Assert.Equal(0, MemoryMarshal.Cast<byte, long>(body.AsSpan(64, 24))[2]);
    }

    [Fact]
    public void WrongBuilderKindIsNamed()
    {
        var schema = new Schema([new Field("id", IntType.Int64)]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 1).Plan());
        var e = Assert.Throws<InvalidCastException>(() => writer.Column<PrimitiveColumnBuilder<int>>("id"));
        Assert.Equal("Field 'id' (int64) is written with PrimitiveColumnBuilder<Int64>, not PrimitiveColumnBuilder<Int32>.", e.Message);
        Assert.Throws<KeyNotFoundException>(() => writer.Column("nope"));
    }
}

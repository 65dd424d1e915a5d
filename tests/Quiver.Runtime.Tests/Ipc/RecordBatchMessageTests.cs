using System.Buffers.Binary;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

public class RecordBatchMessageTests
{
    [Fact]
    public void RoundTripsEveryType()
    {
        var columns = SampleColumns.All();
        var batch = SampleColumns.Batch(columns);
        var message = IpcMessageWriter.WriteRecordBatch(batch);
        using var read = IpcMessageReader.ReadRecordBatch(batch.Schema, message);
        Assert.Equal(SampleColumns.Rows, read.Length);
        for (var i = 0; i < columns.Length; i++)
            Assert.True(Equivalent(columns[i].Expected, ColumnWalker.ToValues(read.Column(i))), columns[i].Field.Name);
    }

    [Fact]
    public void AlignsBuffersTo64AndZeroesPadding()
    {
        var batch = SampleColumns.Batch(SampleColumns.All());
        var message = IpcMessageWriter.WriteRecordBatch(batch);
        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(4));
        var bodyStart = 8 + metadataLength;
        Assert.Equal(0, bodyStart % 64);
        Assert.Equal(0, message.Length % 64);
        var regions = ReadRegions(message.AsSpan(8, metadataLength));
        var covered = new bool[message.Length - bodyStart];
        foreach (var (offset, length) in regions)
        {
            Assert.Equal(0, offset % 64);
            for (var i = 0; i < length; i++)
                covered[offset + i] = true;
        }
        for (var i = 0; i < covered.Length; i++)
            Assert.True(covered[i] || message[bodyStart + i] == 0, $"body byte {i} is padding but not zero");
    }

    [Fact]
    public void WritesNoBuffersForNullColumnsAndNoBitmapWithoutNulls()
    {
        var schema = new Schema([new Field("n", NullType.Default), new Field("i", IntType.Int32)]);
        var batch = new RecordBatch(schema, [ArrowArrayFactory.Create(Nulls(3)), ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, 1, 2, 3))], 3);
        var message = IpcMessageWriter.WriteRecordBatch(batch);
        var regions = ReadRegions(message.AsSpan(8, BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(4))));
        Assert.Equal([(0L, 0L), (0L, 12L)], regions);
        using var read = IpcMessageReader.ReadRecordBatch(schema, message);
        Assert.Equal(3, read.Column(0).NullCount);
        Assert.True(read.Column(1).Data.ValidityBitmap.IsEmpty);
    }

    [Fact]
    public void GivesTheOwnerToTheBatch()
    {
        var schema = new Schema([new Field("i", IntType.Int32)]);
        var message = IpcMessageWriter.WriteRecordBatch(new RecordBatch(schema, [ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, 1))], 1));
        var owner = new DisposeCounter();
        var batch = IpcMessageReader.ReadRecordBatch(schema, message, owner);
        Assert.Equal(0, owner.Count);
        batch.Dispose();
        batch.Dispose();
        Assert.Equal(1, owner.Count);
    }

    [Fact]
    public void PrefixLengthFormulaMatchesTheBuilder()
    {
        var builder = new FlatBufferBuilder();
        for (var nodes = 0; nodes < 40; nodes++)
        {
            for (var buffers = 0; buffers < 40; buffers += 3)
            {
                builder.Clear();
                var built = Quiver.Arrow.Ipc.RecordBatchMessageEncoder.Build(builder, long.MaxValue,
                    Enumerable.Repeat(new IpcFieldNode(long.MaxValue, long.MaxValue), nodes).ToArray(),
                    Enumerable.Repeat(new IpcBufferRegion(0, 0), buffers).ToArray(), long.MaxValue);
                Assert.Equal(Quiver.Arrow.Ipc.RecordBatchMessageEncoder.FlatbufferLength(nodes, buffers), built.Length);
                var prefix = IpcMessageWriter.GetRecordBatchPrefixLength(nodes, buffers);
                Assert.Equal(0, prefix % 64);
                Assert.InRange(prefix - 8 - built.Length, 0, 63);
            }
        }
    }

    [Fact]
    public void PrefixLengthDependsOnlyOnCounts()
    {
        IpcFieldNode[] small = [new(0, 0), new(0, 0)];
        IpcFieldNode[] large = [new(long.MaxValue, long.MaxValue), new(int.MaxValue, 1)];
        IpcBufferRegion[] regions = [new(0, 0), new(0, 1), new(64, 100)];
        var length = IpcMessageWriter.GetRecordBatchPrefixLength(2, 3);
        foreach (var (rows, nodes, body) in new[] { (0L, small, 164L), (long.MaxValue, large, long.MaxValue) })
        {
            var destination = Enumerable.Repeat((byte)0xCC, length).ToArray();
            IpcMessageWriter.WriteRecordBatchPrefix(destination, rows, nodes, regions, body);
            Assert.DoesNotContain((byte)0xCC, destination);
            Assert.Equal(length - 8, BinaryPrimitives.ReadInt32LittleEndian(destination.AsSpan(4)));
        }
    }

    [Fact]
    public void PrefixAndHandLaidBodyReadBack()
    {
        // int32 [7, null, 9] and utf8 ["ab", "", "c"], buffers placed by hand in a 256-byte body.
        var schema = new Schema([new Field("i", IntType.Int32), new Field("s", Utf8Type.Default)]);
        IpcFieldNode[] nodes = [new(3, 1), new(3, 0)];
        IpcBufferRegion[] regions = [new(0, 1), new(64, 12), new(128, 0), new(128, 16), new(192, 3)];
        var prefixLength = IpcMessageWriter.GetRecordBatchPrefixLength(nodes.Length, regions.Length);
        var message = new byte[prefixLength + 256];
        IpcMessageWriter.WriteRecordBatchPrefix(message.AsSpan(0, prefixLength), 3, nodes, regions, 256);
        var body = message.AsSpan(prefixLength);
        body[0] = 0b101;
        Bytes(7, 0, 9).CopyTo(body[64..]);
        Bytes(0, 2, 2, 3).CopyTo(body[128..]);
        "abc"u8.CopyTo(body[192..]);

        using var batch = IpcMessageReader.ReadRecordBatch(schema, message);
        Assert.Equal(3, batch.Length);
        Assert.Equal([7, null, 9], ColumnWalker.ToValues(batch.Column(0)));
        Assert.Equal(["ab", "", "c"], ColumnWalker.ToValues(batch.Column(1)));
    }

    [Fact]
    public void AcceptsEmptyOffsetBufferForZeroLengthArrays()
    {
        var schema = new Schema([new Field("s", Utf8Type.Default), new Field("l", new ListType(new Field("item", IntType.Int8)))]);
        IpcFieldNode[] nodes = [new(0, 0), new(0, 0), new(0, 0)];
        IpcBufferRegion[] regions = [new(0, 0), new(0, 0), new(0, 0), new(0, 0), new(0, 0), new(0, 0), new(0, 0)];
        var prefixLength = IpcMessageWriter.GetRecordBatchPrefixLength(nodes.Length, regions.Length);
        var message = new byte[prefixLength];
        IpcMessageWriter.WriteRecordBatchPrefix(message, 0, nodes, regions, 0);
        using var batch = IpcMessageReader.ReadRecordBatch(schema, message);
        Assert.Equal(0, batch.Length);
        Assert.True(((StringArray)batch.Column(0)).ValueOffsets.IsEmpty);
    }

    [Fact]
    public void RefusesPrefixDestinationOfWrongLength()
    {
        var length = IpcMessageWriter.GetRecordBatchPrefixLength(1, 2);
        var e = Assert.Throws<ArgumentException>(() => IpcMessageWriter.WriteRecordBatchPrefix(new byte[length + 64], 1, [new(1, 0)], [new(0, 0), new(0, 8)], 64));
        Assert.StartsWith($"The prefix of a record batch with 1 field nodes and 2 buffers is {length} bytes; the destination has {length + 64}.", e.Message);
    }

    [Fact]
    public void RefusesPrefixWithRegionsOutsideTheBody()
    {
        var length = IpcMessageWriter.GetRecordBatchPrefixLength(1, 2);
        var e = Assert.Throws<ArgumentException>(() => IpcMessageWriter.WriteRecordBatchPrefix(new byte[length], 1, [new(1, 0)], [new(0, 0), new(60, 8)], 64));
        Assert.StartsWith("Buffer 1 covers 8 bytes from offset 60, outside a body of 64.", e.Message);
        e = Assert.Throws<ArgumentException>(() => IpcMessageWriter.WriteRecordBatchPrefix(new byte[length], 1, [new(1, 2)], [new(0, 0), new(0, 8)], 64));
        Assert.StartsWith("Field node 0 has length 1 and null count 2.", e.Message);
    }

    internal static List<(long Offset, long Length)> ReadRegions(ReadOnlySpan<byte> metadata)
    {
        var limits = FlatBufferLimits.For(metadata.Length);
        var message = FlatBufferTable.ReadRoot(metadata, ref limits);
        Assert.True(message.TryGetTable(2, out var header));
        var buffers = header.GetVector(2, 16);
        var result = new List<(long, long)>();
        for (var i = 0; i < buffers.Count; i++)
            result.Add((buffers.GetInt64(i), BinaryPrimitives.ReadInt64LittleEndian(buffers.GetBytes(i)[8..])));
        return result;
    }

    /// <summary>Deep equality where NaN equals NaN, which <see cref="object.Equals(object)"/> on doubles already gives.</summary>
    internal static bool Equivalent(List<object?> expected, List<object?> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First switch
        {
            null => p.Second is null,
            List<object?> e => p.Second is List<object?> a && Equivalent(e, a),
            var e => e.Equals(p.Second),
        });

    private sealed class DisposeCounter : IDisposable
    {
        public int Count { get; private set; }
        public void Dispose() => Count++;
    }
}

using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>Expected bytes follow the flatbuffers binary format, traced by hand (see the comments).</summary>
public class FlatBufferBuilderTests
{
    [Fact]
    public void WritesScalarTable()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(2);
        builder.AddInt32(0, 0x11223344);
        builder.AddInt16(1, 5);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        byte[] expected =
        [
            0x0C, 0x00, 0x00, 0x00, // root table at 12
            0x08, 0x00, 0x0C, 0x00, // vtable: 8 bytes long, table 12 bytes long
            0x08, 0x00, 0x06, 0x00, // slot 0 at +8, slot 1 at +6
            0x08, 0x00, 0x00, 0x00, // table: vtable at 12 - 8 = 4
            0x00, 0x00, 0x05, 0x00, // padding so the int32 is aligned, slot 1 (int16 5)
            0x44, 0x33, 0x22, 0x11, // slot 0 (int32)
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WritesStringField()
    {
        var builder = new FlatBufferBuilder();
        var text = builder.CreateString("ab");
        builder.StartTable(1);
        builder.AddOffset(0, text);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        byte[] expected =
        [
            0x0C, 0x00, 0x00, 0x00, // root table at 12
            0x00, 0x00,             // padding so the root offset and vtable end on a 4-byte boundary
            0x06, 0x00, 0x08, 0x00, // vtable: 6 bytes, table 8 bytes
            0x04, 0x00,             // slot 0 at +4
            0x06, 0x00, 0x00, 0x00, // table at 12: vtable at 12 - 6 = 6
            0x04, 0x00, 0x00, 0x00, // slot 0: string at 16 + 4 = 20
            0x02, 0x00, 0x00, 0x00, // string length 2
            0x61, 0x62, 0x00, 0x00, // "ab", terminator, padding
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void OmitsDefaultsAndTrailingAbsentSlots()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(4);
        builder.AddInt64(0, 9);
        builder.AddInt32(2, 0, defaultValue: 0);
        builder.AddBool(3, false, defaultValue: false);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        // Traced: the int64 goes in first (bytes 16-23 of the result), the table's vtable offset
        // before it, then a vtable of 3 int16 (one slot: slot 2 and 3 held defaults and are
        // dropped), then 2 bytes of padding so the 4-byte root offset ends a multiple of 8.
        byte[] expected =
        [
            0x0C, 0x00, 0x00, 0x00, // root table at 12
            0x00, 0x00,             // padding
            0x06, 0x00, 0x0C, 0x00, // vtable: 6 bytes, table 12 bytes (soffset, int64)
            0x04, 0x00,             // slot 0 at +4
            0x06, 0x00, 0x00, 0x00, // table at 12: vtable at 6
            0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // slot 0: int64 9, 8-aligned at 16
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void WritesStructVectorAligned()
    {
        var builder = new FlatBufferBuilder();
        builder.StartVector(16, 1, 8);
        builder.PutInt64(2);
        builder.PutInt64(1);
        var vector = builder.EndVector(1);
        builder.StartTable(1);
        builder.AddOffset(0, vector);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        byte[] expected =
        [
            0x0C, 0x00, 0x00, 0x00, // root table at 12
            0x00, 0x00,             // padding
            0x06, 0x00, 0x08, 0x00, // vtable: 6 bytes, table 8 bytes
            0x04, 0x00,             // slot 0 at +4
            0x06, 0x00, 0x00, 0x00, // table at 12: vtable at 6
            0x04, 0x00, 0x00, 0x00, // slot 0: vector at 16 + 4 = 20
            0x01, 0x00, 0x00, 0x00, // vector count 1; elements start at 24, 8-aligned
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal(0, bytes.Length % 8);
    }

    [Fact]
    public void GrowsWithoutBreakingOffsets()
    {
        var builder = new FlatBufferBuilder(initialCapacity: 16);
        var strings = Enumerable.Range(0, 50).Select(i => builder.CreateString(new string((char)('a' + i % 26), i))).ToArray();
        var vector = builder.CreateOffsetVector(strings);
        builder.StartTable(1);
        builder.AddOffset(0, vector);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        var limits = FlatBufferLimits.For(bytes.Length);
        var read = FlatBufferTable.ReadRoot(bytes, ref limits).GetVector(0, 4);
        Assert.Equal(50, read.Count);
        for (var i = 0; i < 50; i++)
            Assert.Equal(new string((char)('a' + i % 26), i), read.GetString(i));
    }

    [Fact]
    public void ClearStartsAFreshBufferWithTheSameOutput()
    {
        var builder = new FlatBufferBuilder();
        byte[] Build()
        {
            var s = builder.CreateString("xyz");
            builder.StartTable(2);
            builder.AddOffset(0, s);
            builder.AddInt64(1, -1);
            return builder.Finish(builder.EndTable()).ToArray();
        }
        var first = Build();
        builder.Clear();
        Assert.Equal(first, Build());
    }

    [Fact]
    public void RefusesMisuse()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        Assert.Throws<InvalidOperationException>(() => builder.CreateOffsetVector([]));
        Assert.Throws<InvalidOperationException>(() => builder.AddInt32(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddOffset(0, 1000));
    }
}

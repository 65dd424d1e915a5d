using Quiver.Arrow;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Runtime.Tests.Ipc;

public class FlatBufferReaderTests
{
    // Laid out by hand, front to back: root offset, vtable (4 slots), table, string.
    private static readonly byte[] HandMade =
    [
        0x10, 0x00, 0x00, 0x00,             // 0: root table at 16
        0x0C, 0x00, 0x10, 0x00,             // 4: vtable of 12 bytes, table of 16 bytes
        0x04, 0x00, 0x08, 0x00,             // 8: slot 0 at +4, slot 1 at +8
        0x00, 0x00, 0x0C, 0x00,             // 12: slot 2 absent, slot 3 at +12
        0x0C, 0x00, 0x00, 0x00,             // 16: table; vtable at 16 - 12 = 4
        0x07, 0x00, 0x00, 0x00,             // 20: slot 0: int32 7
        0x08, 0x00, 0x00, 0x00,             // 24: slot 1: string at 24 + 8 = 32
        0xFE, 0xFF, 0x00, 0x00,             // 28: slot 3: int16 -2, 2 bytes padding
        0x02, 0x00, 0x00, 0x00,             // 32: string length 2
        (byte)'h', (byte)'i', 0x00, 0x00,   // 36: "hi", terminator, padding
    ];

    private static FlatBufferTable Root(byte[] bytes, ref FlatBufferLimits limits) => FlatBufferTable.ReadRoot(bytes, ref limits);

    [Fact]
    public void ReadsHandMadeTable()
    {
        var limits = FlatBufferLimits.For(HandMade.Length);
        var table = Root(HandMade, ref limits);
        Assert.Equal(16, table.Position);
        Assert.Equal(7, table.GetInt32(0, -1));
        Assert.Equal("hi", table.GetString(1));
        Assert.False(table.Has(2));
        Assert.Equal(99, table.GetInt32(2, 99));
        Assert.Equal(-2, table.GetInt16(3, 0));
        Assert.False(table.Has(4));
        Assert.Equal(5L, table.GetInt64(40, 5L));
        Assert.Equal(0, table.GetVector(2, 4).Count);
    }

    [Fact]
    public void ReadsVectorsOfTablesStructsAndStrings()
    {
        var builder = new FlatBufferBuilder();
        var a = builder.CreateString("a");
        var bc = builder.CreateString("bc");
        var names = builder.CreateOffsetVector([a, bc]);
        builder.StartVector(16, 2, 8);
        foreach (var (x, y) in new[] { (3L, 4L), (1L, 2L) })
        {
            builder.PutInt64(y);
            builder.PutInt64(x);
        }
        var pairs = builder.EndVector(2);
        builder.StartTable(1);
        builder.AddInt32(0, 42);
        var child = builder.EndTable();
        var children = builder.CreateOffsetVector([child, child]);
        builder.StartTable(3);
        builder.AddOffset(0, names);
        builder.AddOffset(1, pairs);
        builder.AddOffset(2, children);
        var bytes = builder.Finish(builder.EndTable()).ToArray();

        var limits = FlatBufferLimits.For(bytes.Length);
        var root = FlatBufferTable.ReadRoot(bytes, ref limits);
        var strings = root.GetVector(0, 4);
        Assert.Equal(2, strings.Count);
        Assert.Equal("a", strings.GetString(0));
        Assert.Equal("bc", strings.GetString(1));
        var structs = root.GetVector(1, 16);
        Assert.Equal(2, structs.Count);
        Assert.Equal(1L, structs.GetInt64(0));
        Assert.Equal(2L, BitConverter.ToInt64(structs.GetBytes(0)[8..]));
        Assert.Equal(3L, structs.GetInt64(1));
        var tables = root.GetVector(2, 4);
        Assert.Equal(42, tables.GetTable(1).GetInt32(0, 0));
        Assert.Equal(2, tables.GetTable(0).Depth);
    }

    public static TheoryData<string, byte[], string> Corruptions()
    {
        byte[] Patch(params (int At, byte Value)[] patches)
        {
            var copy = (byte[])HandMade.Clone();
            foreach (var (at, value) in patches)
                copy[at] = value;
            return copy;
        }

        return new TheoryData<string, byte[], string>
        {
            { "short buffer", HandMade[..7], "Invalid flatbuffer: 7 bytes cannot hold a root offset and a table." },
            { "root beyond end", Patch((0, 0x40)), "Invalid flatbuffer: the root table referenced at byte 0 starts at byte 64, beyond the 40-byte buffer." },
            { "root offset zero", Patch((0, 0x00)), "Invalid flatbuffer: the offset to the root table at byte 0 is 0." },
            { "root offset negative", Patch((3, 0x80)), "Invalid flatbuffer: the offset to the root table at byte 0 is 2147483664." },
            { "vtable before start", Patch((16, 0x20)), "Invalid flatbuffer: the vtable of the table at byte 16 would be at byte -16, outside the 40-byte buffer." },
            { "vtable after end", Patch((16, 0xE2), (17, 0xFF), (18, 0xFF), (19, 0xFF)), "Invalid flatbuffer: the vtable of the table at byte 16 would be at byte 46, outside the 40-byte buffer." },
            { "vtable too long", Patch((4, 0x40)), "Invalid flatbuffer: the vtable at byte 4 declares 64 bytes, which is not an even size from 4 that fits the 40-byte buffer." },
            { "vtable odd size", Patch((4, 0x0B)), "Invalid flatbuffer: the vtable at byte 4 declares 11 bytes, which is not an even size from 4 that fits the 40-byte buffer." },
            { "table too long", Patch((6, 0x30)), "Invalid flatbuffer: the table at byte 16 declares 48 bytes, which is not a size from 4 that fits the 40-byte buffer." },
        };
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void RefusesCorruptTable(string name, byte[] bytes, string message)
    {
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref limits);
        });
        Assert.True(message == e.Message, $"{name}: {e.Message}");
    }

    [Fact]
    public void RefusesFieldOutsideItsTable()
    {
        var bytes = (byte[])HandMade.Clone();
        bytes[14] = 0x0F; // slot 3 (2 bytes) at +15 of a 16-byte table
        var limits = FlatBufferLimits.For(bytes.Length);
        var table = Root(bytes, ref limits);
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var again = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref again).GetInt16(3, 0);
        });
        Assert.Equal("Invalid flatbuffer: field 3 of the table at byte 16 is at offset 15, outside the table's 16 bytes.", e.Message);
        Assert.Equal(7, table.GetInt32(0, 0));
    }

    [Fact]
    public void RefusesFieldOverlappingTheVtableOffset()
    {
        var bytes = (byte[])HandMade.Clone();
        bytes[8] = 0x02;
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref limits).GetInt32(0, 0);
        });
        Assert.Equal("Invalid flatbuffer: field 0 of the table at byte 16 is at offset 2, outside the table's 16 bytes.", e.Message);
    }

    [Theory]
    [InlineData(32, 0x05, "Invalid flatbuffer: the string at byte 32 declares 5 bytes plus its terminator, only 4 follow.")]
    [InlineData(32, 0x04, "Invalid flatbuffer: the string at byte 32 declares 4 bytes plus its terminator, only 4 follow.")]
    [InlineData(38, 0x21, "Invalid flatbuffer: the string at byte 32 is not zero-terminated.")]
    [InlineData(36, 0xC3, "Invalid flatbuffer: the string at byte 32 is not valid UTF-8.")]
    [InlineData(24, 0x20, "Invalid flatbuffer: the string referenced at byte 24 starts at byte 56, beyond the 40-byte buffer.")]
    public void RefusesCorruptString(int at, byte value, string message)
    {
        var bytes = (byte[])HandMade.Clone();
        bytes[at] = value;
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref limits).GetString(1);
        });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void RefusesVectorLongerThanTheBuffer()
    {
        var bytes = (byte[])HandMade.Clone();
        bytes[34] = 0x01; // the string's length read as a vector count: 65538 elements of 4 bytes
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref limits).GetVector(1, 4);
        });
        Assert.Equal("Invalid flatbuffer: the vector at byte 32 declares 65538 elements of 4 bytes, only 4 bytes follow.", e.Message);
    }

    [Fact]
    public void RefusesBackwardOffsets()
    {
        // Offsets are unsigned and point forward, so no table can refer back to itself or an ancestor.
        byte[] bytes =
        [
            0x0C, 0x00, 0x00, 0x00, // 0: root table at 12
            0x06, 0x00, 0x08, 0x00, // 4: vtable of 6 bytes, table of 8
            0x04, 0x00, 0x00, 0x00, // 8: slot 0 at +4, padding
            0x08, 0x00, 0x00, 0x00, // 12: table; vtable at 4
            0xFC, 0xFF, 0xFF, 0xFF, // 16: slot 0: -4 (back to the table) read as unsigned
        ];
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            Root(bytes, ref limits).TryGetTable(0, out _);
        });
        Assert.Equal("Invalid flatbuffer: the offset to the table at byte 16 is 4294967292.", e.Message);
    }

    [Fact]
    public void StopsAtTheDepthLimit()
    {
        // A chain of MaxDepth + 1 tables, each referring to the next through slot 0.
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        var previous = builder.EndTable();
        for (var i = 0; i < FlatBufferLimits.MaxDepth; i++)
        {
            builder.StartTable(1);
            builder.AddOffset(0, previous);
            previous = builder.EndTable();
        }
        var bytes = builder.Finish(previous).ToArray();
        var limits = FlatBufferLimits.For(bytes.Length);
        var depth = 1;
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var table = FlatBufferTable.ReadRoot(bytes, ref limits);
            while (table.TryGetTable(0, out var next))
            {
                table = next;
                depth++;
            }
        });
        Assert.Equal($"Invalid flatbuffer: tables are nested deeper than {FlatBufferLimits.MaxDepth} levels.", e.Message);
        Assert.Equal(FlatBufferLimits.MaxDepth, depth);
    }

    [Fact]
    public void StopsWhenSharedChildrenWouldMultiplyTheWork()
    {
        // Each level is a table with two references to the one table below: 2^40 paths through 41 tables.
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);
        var previous = builder.EndTable();
        for (var i = 0; i < 40; i++)
        {
            var children = builder.CreateOffsetVector([previous, previous]);
            builder.StartTable(1);
            builder.AddOffset(0, children);
            previous = builder.EndTable();
        }
        var bytes = builder.Finish(previous).ToArray();
        var limits = FlatBufferLimits.For(bytes.Length);
        var visited = 0;
        var e = Assert.Throws<ArrowFormatException>(() => Visit(FlatBufferTable.ReadRoot(bytes, ref limits), ref visited));
        Assert.Equal("Invalid flatbuffer: it references more tables than a buffer of this size can honestly hold.", e.Message);
        Assert.Equal(bytes.Length / 4 + 64, visited);

        static void Visit(FlatBufferTable table, ref int visited)
        {
            visited++;
            var children = table.GetVector(0, 4);
            for (var i = 0; i < children.Count; i++)
                Visit(children.GetTable(i), ref visited);
        }
    }

    [Fact]
    public void StopsWhenOneStringIsReadTooManyTimes()
    {
        var builder = new FlatBufferBuilder();
        var name = builder.CreateString(new string('x', 1000));
        var names = builder.CreateOffsetVector(Enumerable.Repeat(name, 100).ToArray());
        builder.StartTable(1);
        builder.AddOffset(0, names);
        var bytes = builder.Finish(builder.EndTable()).ToArray();
        var read = 0;
        var e = Assert.Throws<ArrowFormatException>(() =>
        {
            var limits = FlatBufferLimits.For(bytes.Length);
            var vector = FlatBufferTable.ReadRoot(bytes, ref limits).GetVector(0, 4);
            for (var i = 0; i < vector.Count; i++)
            {
                vector.GetString(i);
                read++;
            }
        });
        Assert.Equal("Invalid flatbuffer: its strings decode to more bytes than a buffer of this size can honestly hold.", e.Message);
        Assert.Equal((2 * bytes.Length + 1024) / 1000, read);
    }
}

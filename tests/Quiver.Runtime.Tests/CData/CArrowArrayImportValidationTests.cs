using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

/// <summary>
/// The import side against a hand-made foreign producer: good structs read in place, lying ones
/// are refused with <see cref="ArrowFormatException"/>, and release runs exactly once either way.
/// </summary>
public unsafe class CArrowArrayImportValidationTests
{
    [Fact]
    public void ReadsAForeignBatchInPlaceAndReleasesItOnceOnDispose()
    {
        using var producer = new ForeignProducer();
        var ints = producer.Buffer(TestArrays.Bytes(5, 6, 7, 8));
        var validity = producer.Buffer(TestArrays.Bits(true, false, true, true));
        var offsets = producer.Buffer(TestArrays.Bytes(0, 1, 3, 3, 6));
        var text = producer.Buffer("abcdef"u8.ToArray());
        var intColumn = producer.Array(4, 1, 0, [validity, ints]);
        var stringColumn = producer.Array(4, -1, 0, [null, offsets, text]);
        var root = producer.Array(4, 0, 0, [null], intColumn, stringColumn);
        var schema = new Schema([new Field("i", IntType.Int32), new Field("s", Utf8Type.Default)]);

        var batch = CArrowArrayImporter.ImportRecordBatch(root, schema);

        Assert.True(root->release == null);
        Assert.Equal(0, ForeignProducer.Releases(root));
        Assert.Equal([5, null, 7, 8], Enumerable.Range(0, 4).Select(((PrimitiveArray<int>)batch.Column(0)).Get));
        Assert.Equal(["a", "bc", "", "def"], Enumerable.Range(0, 4).Select(((StringArray)batch.Column(1)).GetString));
        Assert.Equal((nint)ints, ArrayDataAssert.Address(batch.Column(0).Data.Buffers[1]));
        Assert.Equal((nint)text, ArrayDataAssert.Address(batch.Column(1).Data.Buffers[2]));
        batch.Dispose();
        batch.Dispose();
        Assert.Equal(1, ForeignProducer.Releases(root));
        Assert.Equal(1, ForeignProducer.Releases(intColumn));
        Assert.Equal(1, ForeignProducer.Releases(stringColumn));
    }

    [Fact]
    public void AnImportedBatchReExportedWithItselfAsOnReleasedReleasesTheProducerWhenTheNextConsumerIsDone()
    {
        using var producer = new ForeignProducer();
        var values = producer.Buffer(TestArrays.Bytes(1.5, 2.5));
        var root = producer.Array(2, 0, 0, [null], producer.Array(2, 0, 0, [null, values]));
        var schema = new Schema([new Field("d", FloatingPointType.Float64)]);
        var imported = CArrowArrayImporter.ImportRecordBatch(root, schema);
        var next = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            CArrowArrayExporter.ExportRecordBatch(imported, next, onReleased: imported);
            Assert.True(next->children[0]->buffers[1] == values, "passed on without a copy");
            Assert.Equal(0, ForeignProducer.Releases(root));
            next->release(next);
            Assert.Equal(1, ForeignProducer.Releases(root));
            Assert.True(imported.IsDisposed);
        }
        finally
        {
            NativeMemory.Free(next);
        }
    }

    [Fact]
    public void AStructOffsetSlicesTheColumns()
    {
        using var producer = new ForeignProducer();
        var column = producer.Array(5, 0, 0, [null, producer.Buffer(TestArrays.Bytes(10L, 11L, 12L, 13L, 14L))]);
        var root = producer.Array(2, 0, 3, [null], column);
        using var batch = CArrowArrayImporter.ImportRecordBatch(root, new Schema([new Field("x", IntType.Int64)]));
        Assert.Equal(2, batch.Length);
        Assert.Equal([13L, 14L], ((PrimitiveArray<long>)batch.Column(0)).Values.ToArray());
    }

    [Fact]
    public void AcceptsNullPointersForBuffersThatWouldBeEmpty()
    {
        using var producer = new ForeignProducer();
        var emptyList = producer.Array(0, 0, 0, [null, null], producer.Array(0, 0, 0, [null, null]));
        using (var imported = CArrowArrayImporter.ImportArray(emptyList, new ListType(new Field("item", IntType.Int32))))
            Assert.Equal(0, imported.Array.Length);
        Assert.Equal(1, ForeignProducer.Releases(emptyList));

        var emptyStrings = producer.Array(2, 0, 0, [null, producer.Buffer(TestArrays.Bytes(0, 0, 0)), null]);
        using (var imported = CArrowArrayImporter.ImportArray(emptyStrings, BinaryType.Default))
            Assert.Equal(0, ((BinaryArray)imported.Array).GetBytes(1).Length);

        var nulls = producer.Array(3, 3, 0, []);
        using (var imported = CArrowArrayImporter.ImportArray(nulls, NullType.Default))
            Assert.Equal(3, imported.Array.NullCount);
    }

    public static TheoryData<string> Lies() =>
    [
        "negative length", "negative offset", "offset+length overflow", "huge offset", "null count above length",
        "null count below -1", "too few buffers", "too many buffers", "too many children", "null buffers array",
        "null values pointer", "null offsets pointer", "null data pointer", "decreasing offsets", "negative first offset",
        "last offset beyond int", "large offsets beyond 2 GiB", "values buffer beyond 2 GiB", "null count disagrees with bitmap",
        "nulls without bitmap", "null child pointer", "released child", "null children array", "fixed list child too short",
        "struct child too short", "list offsets beyond child",
    ];

    [Theory]
    [MemberData(nameof(Lies))]
    public void LyingProducersAreRefusedAndReleasedOnce(string lie)
    {
        using var producer = new ForeignProducer();
        var (address, type) = MakeLie(producer, lie);
        var array = (CArrowArray*)address;
        var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportArray(array, type));
        Assert.IsNotType<ArrowNotSupportedException>(e);
        Assert.Equal(1, ForeignProducer.Releases(array));
        Assert.True(array->release == null);
    }

    private static (nint, ArrowType) Int32s(ForeignProducer p, long length, long nullCount, long offset, int values) =>
        ((nint)p.Array(length, nullCount, offset, [null, p.Buffer(new byte[values * 4])]), IntType.Int32);

    private static (nint, ArrowType) MakeLie(ForeignProducer p, string lie)
    {
        var ints = p.Buffer(TestArrays.Bytes(1, 2, 3, 4));
        var utf8 = Utf8Type.Default;
        var list = new ListType(new Field("item", IntType.Int32));
        var (array, type) = lie switch
        {
            "negative length" => Int32s(p, -1, 0, 0, 4),
            "negative offset" => Int32s(p, 1, 0, -2, 4),
            "offset+length overflow" => Int32s(p, 2, 0, int.MaxValue - 1, 4),
            "huge offset" => Int32s(p, 1, 0, long.MaxValue, 4),
            "null count above length" => Int32s(p, 4, 5, 0, 4),
            "null count below -1" => Int32s(p, 4, -2, 0, 4),
            "too few buffers" => ((nint)p.Array(4, 0, 0, [ints]), IntType.Int32),
            "too many buffers" => ((nint)p.Array(4, 0, 0, [null, ints, ints]), IntType.Int32),
            "too many children" => ((nint)p.Array(4, 0, 0, [null, ints], p.Array(4, 0, 0, [null, ints])), IntType.Int32),
            "null buffers array" => (NullBuffers(p.Array(4, 0, 0, [null, ints])), IntType.Int32),
            "null values pointer" => ((nint)p.Array(4, 0, 0, [null, null]), IntType.Int32),
            "null offsets pointer" => ((nint)p.Array(1, 0, 0, [null, null, p.Buffer([1])]), utf8),
            "null data pointer" => ((nint)p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 3)), null]), utf8),
            "decreasing offsets" => ((nint)p.Array(2, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 3, 1)), p.Buffer(new byte[3])]), utf8),
            "negative first offset" => ((nint)p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(-1, 1)), p.Buffer(new byte[1])]), utf8),
            "last offset beyond int" => ((nint)p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, -5)), p.Buffer(new byte[1])]), utf8),
            "large offsets beyond 2 GiB" => ((nint)p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0L, 1L << 33)), p.Buffer(new byte[1])]), LargeUtf8Type.Default),
            "values buffer beyond 2 GiB" => ((nint)p.Array(int.MaxValue, 0, 0, [null, ints]), IntType.Int64),
            "null count disagrees with bitmap" => ((nint)p.Array(4, 0, 0, [p.Buffer(TestArrays.Bits(true, false, true, true)), ints]), IntType.Int32),
            "nulls without bitmap" => ((nint)p.Array(4, 2, 0, [null, ints]), IntType.Int32),
            "null child pointer" => (NullChild(p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 1))], p.Array(1, 0, 0, [null, ints]))), list),
            "released child" => (ReleasedChild(p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 1))], p.Array(1, 0, 0, [null, ints]))), list),
            "null children array" => (NullChildren(p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 1))], p.Array(1, 0, 0, [null, ints]))), list),
            "fixed list child too short" => ((nint)p.Array(3, 0, 0, [null], p.Array(4, 0, 0, [null, ints])), new FixedSizeListType(new Field("item", IntType.Int32), 2)),
            "struct child too short" => ((nint)p.Array(5, 0, 0, [null], p.Array(4, 0, 0, [null, ints])), new StructType([new Field("a", IntType.Int32)])),
            "list offsets beyond child" => ((nint)p.Array(1, 0, 0, [null, p.Buffer(TestArrays.Bytes(0, 5))], p.Array(4, 0, 0, [null, ints])), list),
            _ => throw new ArgumentOutOfRangeException(nameof(lie), lie, null),
        };
        return (array, type);
    }

    private static nint NullBuffers(CArrowArray* array)
    {
        array->buffers = null;
        return (nint)array;
    }

    private static nint NullChild(CArrowArray* array)
    {
        array->children[0] = null;
        return (nint)array;
    }

    private static nint ReleasedChild(CArrowArray* array)
    {
        array->children[0]->release = null;
        return (nint)array;
    }

    private static nint NullChildren(CArrowArray* array)
    {
        array->children = null;
        return (nint)array;
    }

    [Fact]
    public void ADictionaryOnAnArrayWhoseTypeIsNotDictionaryEncodedIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var array = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(0))]);
        array->dictionary = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(0, 1)), producer.Buffer([65])]);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportArray(array, IntType.Int32));
        Assert.Contains("it has a dictionary, but its type is not dictionary-encoded", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(array));
    }

    [Fact]
    public void TopLevelNullsInARecordBatchAreRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var column = producer.Array(2, 0, 0, [null, producer.Buffer(TestArrays.Bytes(1, 2))]);
        var root = producer.Array(2, 1, 0, [producer.Buffer(TestArrays.Bits(true, false))], column);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportRecordBatch(root, new Schema([new Field("a", IntType.Int32)])));
        Assert.Contains("top-level nulls", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(root));
    }

    [Fact]
    public void ASchemaWithOtherColumnsThanTheArrayIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var root = producer.Array(2, 0, 0, [null], producer.Array(2, 0, 0, [null, producer.Buffer(TestArrays.Bytes(1, 2))]));
        Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportRecordBatch(root,
            new Schema([new Field("a", IntType.Int32), new Field("b", IntType.Int32)])));
        Assert.Equal(1, ForeignProducer.Releases(root));
    }

    [Fact]
    public void AReleasedArrayIsRefusedWithoutCallingRelease()
    {
        using var producer = new ForeignProducer();
        var array = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(1))]);
        array->release = null;
        Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportArray(array, IntType.Int32));
        Assert.Equal(0, ForeignProducer.Releases(array));
    }
}

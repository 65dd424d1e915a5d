using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;
using Quiver.Runtime.Tests.Ipc;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.CData;

/// <summary>Decimals, maps and dictionary-encoded arrays through the C Data Interface: the spec's format strings and flags, zero-copy round trips, refusals.</summary>
public unsafe class NewTypesCDataTests
{
    private static readonly DictionaryType Labels = new(IntType.Int32, Utf8Type.Default);
    private static readonly MapType Tags = new(new Field("entries", new StructType([new Field("key", Utf8Type.Default, nullable: false), new Field("value", IntType.Int32)]), nullable: false), keysSorted: true);

    public static TheoryData<ArrowType, string, long> Types() => new()
    {
        // Format strings and flags from the spec's tables.
        { new DecimalType(18, 2), "d:18,2", 0 },
        { new DecimalType(60, 5, 256), "d:60,5,256", 0 },
        { Tags, "+m", CArrowSchema.ARROW_FLAG_MAP_KEYS_SORTED },
        { new DictionaryType(IntType.Int8, Utf8Type.Default, ordered: true), "c", CArrowSchema.ARROW_FLAG_DICTIONARY_ORDERED },
        { Labels, "i", 0 },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void TypesExportWithTheSpecFormatAndFlagsAndComeBackEqual(ArrowType type, string format, long flags)
    {
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        try
        {
            CArrowSchemaExporter.ExportType(type, schema);
            Assert.Equal(format, Marshal.PtrToStringUTF8((nint)schema->format));
            Assert.Equal(flags, schema->flags & ~CArrowSchema.ARROW_FLAG_NULLABLE);
            Assert.Equal(type is DictionaryType, schema->dictionary != null);
            if (type is DictionaryType)
                Assert.Equal("u", Marshal.PtrToStringUTF8((nint)schema->dictionary->format));
            Assert.Equal(type, CArrowSchemaImporter.ImportType(schema));
        }
        finally
        {
            NativeMemory.Free(schema);
        }
    }

    private static ArrayData Decimals(params long?[] unscaled)
    {
        // Little-endian two's complement: the long's 8 bytes, then 8 bytes of its sign.
        var data = unscaled.SelectMany(v => BitConverter.GetBytes(v ?? 0).Concat(Enumerable.Repeat((byte)((v ?? 0) < 0 ? 0xFF : 0), 8))).ToArray();
        var valid = unscaled.Select(v => v.HasValue).ToArray();
        return new ArrayData(new DecimalType(10, 3), unscaled.Length, valid.Count(v => !v), 0, [Validity(valid), data]);
    }

    [Fact]
    public void ABatchOfDecimalsMapsAndDictionariesRoundTripsWithoutACopy()
    {
        var decimals = Decimals(1234, null, -5);
        var entries = Struct((StructType)Tags.EntriesField.Type, [Strings("a", "b", "c"), Primitive<int>(IntType.Int32, 1, null, 3)], true, true, true);
        var offsets = List(new ListType(new Field("item", IntType.Int32)), entries, 2, null, 1);
        var map = new ArrayData(Tags, 3, 1, 0, offsets.Buffers, [entries]);
        var indices = Primitive<int>(IntType.Int32, 1, 0, null);
        var dictionary = Strings("person", "car");
        var labels = new ArrayData(Labels, 3, 1, 0, indices.Buffers, dictionary: dictionary);
        var schema = new Schema([new Field("d", decimals.Type), new Field("m", Tags), new Field("l", Labels)]);
        using var batch = new RecordBatch(schema, new[] { decimals, map, labels }.Select(ArrowArrayFactory.Create), 3);

        var c = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        var released = new CountingDisposable();
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, c, released);
            Assert.True(c->children[2]->dictionary != null);
            using (var imported = CArrowArrayImporter.ImportRecordBatch(c, schema))
            {
                Assert.Equal(["1.234", null, "-0.005"], ColumnWalker.ToValues(imported.Column(0)));
                Assert.Equal(ColumnWalker.ToValues(batch.Column(1)), ColumnWalker.ToValues(imported.Column(1)));
                Assert.Equal(["car", "person", null], ColumnWalker.ToValues(imported.Column(2)));
                var importedDictionary = imported.Column(2).Data.Dictionary!;
                Assert.Equal(ArrayDataAssert.Address(dictionary.Buffers[2]), ArrayDataAssert.Address(importedDictionary.Buffers[2]));
                ArrayDataAssert.SameMemory(map, imported.Column(1).Data);
                Assert.Equal(0, released.Count);
            }
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ADictionaryTypedArrayWithoutItsDictionaryIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var array = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(0))]);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportArray(array, Labels));
        Assert.Contains("has no dictionary", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(array));
    }

    [Fact]
    public void AForeignIndexOutsideItsDictionaryIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var array = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(5))]);
        array->dictionary = producer.Array(1, 0, 0, [null, producer.Buffer(TestArrays.Bytes(0, 1)), producer.Buffer([65])]);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayImporter.ImportArray(array, Labels));
        Assert.Contains("outside the dictionary of 1 values", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(array));
    }

    [Fact]
    public void AMapSchemaWithANullableKeyIsRefused()
    {
        using var producer = new ForeignProducer();
        var key = producer.Schema("u", "key");
        var value = producer.Schema("i", "value");
        var entries = producer.Schema("+s", "entries", 0, null, key, value);
        var map = producer.Schema("+m", "m", CArrowSchema.ARROW_FLAG_NULLABLE, null, entries);
        Assert.Contains("non-nullable key", Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(map)).Message);
        Assert.Equal(1, ForeignProducer.Releases(map));
    }

    [Fact]
    public void AForeignDecimalPrecisionOutOfRangeIsRefused()
    {
        using var producer = new ForeignProducer();
        var field = producer.Schema("d:39,2", "d");
        Assert.Contains("precision 39 is outside 1..38", Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(field)).Message);
    }
}

using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

public unsafe class CArrowSchemaTests
{
    public static TheoryData<ArrowType, string> FormatStrings() => new()
    {
        // Expected strings are the spec's format string table.
        { NullType.Default, "n" }, { BooleanType.Default, "b" },
        { IntType.Int8, "c" }, { IntType.UInt8, "C" }, { IntType.Int16, "s" }, { IntType.UInt16, "S" },
        { IntType.Int32, "i" }, { IntType.UInt32, "I" }, { IntType.Int64, "l" }, { IntType.UInt64, "L" },
        { FloatingPointType.Float16, "e" }, { FloatingPointType.Float32, "f" }, { FloatingPointType.Float64, "g" },
        { BinaryType.Default, "z" }, { LargeBinaryType.Default, "Z" }, { Utf8Type.Default, "u" }, { LargeUtf8Type.Default, "U" },
        { new FixedSizeBinaryType(42), "w:42" },
        { DateType.Date32, "tdD" }, { DateType.Date64, "tdm" },
        { new TimeType(TimeUnit.Second, 32), "tts" }, { new TimeType(TimeUnit.Millisecond, 32), "ttm" },
        { new TimeType(TimeUnit.Microsecond, 64), "ttu" }, { new TimeType(TimeUnit.Nanosecond, 64), "ttn" },
        { new TimestampType(TimeUnit.Second), "tss:" }, { new TimestampType(TimeUnit.Millisecond, "UTC"), "tsm:UTC" },
        { new TimestampType(TimeUnit.Microsecond, "Europe/Paris"), "tsu:Europe/Paris" }, { new TimestampType(TimeUnit.Nanosecond, "+07:30"), "tsn:+07:30" },
        { new DurationType(TimeUnit.Second), "tDs" }, { new DurationType(TimeUnit.Millisecond), "tDm" },
        { new DurationType(TimeUnit.Microsecond), "tDu" }, { new DurationType(TimeUnit.Nanosecond), "tDn" },
        { new ListType(new Field("item", IntType.UInt64)), "+l" }, { new LargeListType(new Field("item", IntType.UInt64)), "+L" },
        { new FixedSizeListType(new Field("item", IntType.Int32), 123), "+w:123" },
        { new StructType([new Field("ints", IntType.Int32), new Field("floats", FloatingPointType.Float32)]), "+s" },
    };

    [Theory]
    [MemberData(nameof(FormatStrings))]
    public void ExportedTypesHaveTheSpecFormatStringsAndComeBackEqual(ArrowType type, string format)
    {
        var schema = Allocate();
        try
        {
            CArrowSchemaExporter.ExportType(type, schema);
            Assert.Equal(format, Marshal.PtrToStringUTF8((nint)schema->format));
            Assert.Equal(type.Children.Count, schema->n_children);
            Assert.True(schema->release != null);
            Assert.Equal(type, CArrowSchemaImporter.ImportType(schema));
            Assert.True(schema->release == null);
        }
        finally
        {
            NativeMemory.Free(schema);
        }
    }

    [Fact]
    public void SchemaRoundTripKeepsNamesTypesNullabilityMetadataAndTimeZones()
    {
        var columns = TestArrays.AllTypesColumns();
        var fields = columns.Select((c, i) => new Field(c.Name, c.Data.Type, c.Nullable,
            i % 3 == 0 ? KeyValueMetadata.From(("column", i.ToString()), ("ünicode", "välue"), ("column", "duplicate")) : null)).ToList();
        fields.Add(new Field("", new ListType(new Field("element", new StructType([new Field("deep", IntType.Int8, false)]), false)), false));
        var schema = new Schema(fields, KeyValueMetadata.From(("origin", "quiver"), ("empty", "")));
        var c = Allocate();
        try
        {
            CArrowSchemaExporter.ExportSchema(schema, c);
            Assert.Equal("+s", Marshal.PtrToStringUTF8((nint)c->format));
            Assert.Equal(0, c->flags);
            Assert.Equal(fields.Count, c->n_children);
            Assert.Equal("ts_us_tz", Marshal.PtrToStringUTF8((nint)c->children[26]->name));
            Assert.Equal("tsu:Europe/Paris", Marshal.PtrToStringUTF8((nint)c->children[26]->format));
            Assert.Equal(CArrowSchema.ARROW_FLAG_NULLABLE, c->children[0]->flags);
            Assert.Equal(0, c->children[3]->flags);
            var imported = CArrowSchemaImporter.ImportSchema(c);
            Assert.Equal(schema, imported);
            Assert.Equal("Europe/Paris", ((TimestampType)imported.Fields[26].Type).TimeZone);
            Assert.Null(((TimestampType)imported.Fields[24].Type).TimeZone);
            Assert.True(c->release == null);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void MetadataUsesTheSpecBinaryEncodingAndNullWhenAbsent()
    {
        var c = Allocate();
        try
        {
            CArrowSchemaExporter.ExportField(new Field("f", IntType.Int32, true, KeyValueMetadata.From(("key1", "value1"))), c);
            // The spec's own example, on a little-endian machine.
            byte[] expected = [1, 0, 0, 0, 4, 0, 0, 0, .."key1"u8, 6, 0, 0, 0, .."value1"u8];
            Assert.True(BitConverter.IsLittleEndian);
            Assert.Equal(expected, new ReadOnlySpan<byte>(c->metadata, expected.Length).ToArray());
            c->release(c);
            Assert.True(c->release == null);

            CArrowSchemaExporter.ExportField(new Field("g", IntType.Int32), c);
            Assert.True(c->metadata == null);
            Assert.Equal("g", Marshal.PtrToStringUTF8((nint)c->name));
            c->release(c);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void AChildMovedOutOutlivesItsReleasedParent()
    {
        var inner = new Field("inner", new StructType([new Field("x", Utf8Type.Default)]), false, KeyValueMetadata.From(("k", "v")));
        var schema = new Schema([new Field("a", IntType.Int32), inner]);
        var c = Allocate();
        var moved = Allocate();
        try
        {
            CArrowSchemaExporter.ExportSchema(schema, c);
            *moved = *c->children[1];
            c->children[1]->release = null;
            c->release(c);
            Assert.True(c->release == null);
            Assert.Equal(inner, CArrowSchemaImporter.ImportField(moved));
            Assert.True(moved->release == null);
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(moved);
        }
    }

    [Fact]
    public void ImportsAForeignSchemaAndReleasesItOnce()
    {
        using var producer = new ForeignProducer();
        var item = producer.Schema("u", "item", metadata: [1, 0, 0, 0, 1, 0, 0, 0, (byte)'k', 2, 0, 0, 0, (byte)'v', (byte)'w']);
        var list = producer.Schema("+l", "tags", 0, null, item);
        var ts = producer.Schema("tsn:Asia/Tokyo", "when", CArrowSchema.ARROW_FLAG_NULLABLE);
        var nameless = producer.Schema("w:16", null);
        var root = producer.Schema("+s", "", 0, null, list, ts, nameless);

        var schema = CArrowSchemaImporter.ImportSchema(root);

        Assert.Equal(new Schema(
        [
            new Field("tags", new ListType(new Field("item", Utf8Type.Default, true, KeyValueMetadata.From(("k", "vw")))), false),
            new Field("when", new TimestampType(TimeUnit.Nanosecond, "Asia/Tokyo")),
            new Field("", new FixedSizeBinaryType(16)),
        ]), schema);
        Assert.Equal(1, ForeignProducer.Releases(root));
        Assert.Equal(1, ForeignProducer.Releases(list));
        Assert.Equal(1, ForeignProducer.Releases(item));
        Assert.True(root->release == null);
    }

    [Theory]
    [InlineData("vz")]
    [InlineData("vu")]
    [InlineData("tiM")]
    [InlineData("tiD")]
    [InlineData("tin")]
    [InlineData("+vl")]
    [InlineData("+vL")]
    [InlineData("d:9,2,32")]
    [InlineData("d:18,2,64")]
    [InlineData("+ud:0,1")]
    [InlineData("+us:4,5")]
    [InlineData("+r")]
    [InlineData("q")]
    public void UnsupportedFormatsNameTheFormatAndStillRelease(string format)
    {
        using var producer = new ForeignProducer();
        var field = producer.Schema(format, "odd");
        var root = producer.Schema("+s", "", 0, null, field);
        var e = Assert.Throws<ArrowNotSupportedException>(() => CArrowSchemaImporter.ImportSchema(root));
        Assert.Contains($"'{format}'", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(root));
        Assert.Equal(1, ForeignProducer.Releases(field));
    }

    [Fact]
    public void ForeignDictionaryEncodedFieldsImportWithTheirIndexAndValueTypesAndAreReleasedOnce()
    {
        using var producer = new ForeignProducer();
        var field = producer.Schema("s", "dict", CArrowSchema.ARROW_FLAG_NULLABLE | CArrowSchema.ARROW_FLAG_DICTIONARY_ORDERED);
        field->dictionary = producer.Schema("u", "");
        var imported = CArrowSchemaImporter.ImportField(field);
        Assert.Equal(new Field("dict", new DictionaryType(IntType.Int16, Utf8Type.Default, ordered: true)), imported);
        Assert.Equal(1, ForeignProducer.Releases(field));
    }

    [Fact]
    public void ADictionaryWhoseIndicesAreNotIntegersOrWhoseValuesNestAnotherIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var floats = producer.Schema("f", "dict");
        floats->dictionary = producer.Schema("u", "");
        Assert.Contains("must be an integer type", Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(floats)).Message);
        Assert.Equal(1, ForeignProducer.Releases(floats));

        var inner = producer.Schema("i", "");
        inner->dictionary = producer.Schema("u", "");
        var outer = producer.Schema("i", "dict");
        outer->dictionary = inner;
        Assert.IsType<ArrowNotSupportedException>(Assert.ThrowsAny<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(outer)));
        Assert.Equal(1, ForeignProducer.Releases(outer));
    }

    public static TheoryData<string, string?, string?, int, byte[]?> MalformedSchemas() => new()
    {
        { "null format", null, "x", 0, null },
        { "empty fixed width", "w:", "x", 0, null },
        { "non-numeric width", "w:abc", "x", 0, null },
        { "negative width", "w:-1", "x", 0, null },
        { "width overflow", "+w:99999999999", "x", 1, null },
        { "timestamp without colon", "tsu", "x", 0, null },
        { "list without child", "+l", "x", 0, null },
        { "int with a child", "i", "x", 1, null },
        { "negative metadata count", "i", "x", 0, [0xFF, 0xFF, 0xFF, 0xFF] },
        { "negative key length", "i", "x", 0, [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF] },
        { "metadata beyond limit", "i", "x", 0, [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F] },
        { "metadata not UTF-8", "i", "x", 0, [1, 0, 0, 0, 1, 0, 0, 0, 0xC3, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(MalformedSchemas))]
    public void MalformedSchemasAreFormatErrorsAndStillReleased(string why, string? format, string? name, int children, byte[]? metadata)
    {
        using var producer = new ForeignProducer();
        var kids = new CArrowSchema*[children];
        for (var i = 0; i < children; i++)
            kids[i] = producer.Schema("i", "c");
        var schema = producer.Schema(format, name, CArrowSchema.ARROW_FLAG_NULLABLE, metadata, kids);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(schema));
        Assert.IsNotType<ArrowNotSupportedException>(e);
        Assert.True(ForeignProducer.Releases(schema) == 1, why);
    }

    [Fact]
    public void LyingChildPointersAreFormatErrors()
    {
        using var producer = new ForeignProducer();
        var nullChildren = producer.Schema("+s", "s");
        nullChildren->n_children = 2;
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(nullChildren));
        Assert.Equal(1, ForeignProducer.Releases(nullChildren));

        var nullChild = producer.Schema("+s", "s", 0, null, producer.Schema("i", "a"));
        nullChild->children[0] = null;
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(nullChild));
        Assert.Equal(1, ForeignProducer.Releases(nullChild));

        var negative = producer.Schema("+s", "s");
        negative->n_children = -1;
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(negative));
        Assert.Equal(1, ForeignProducer.Releases(negative));

        var releasedChild = producer.Schema("+s", "s", 0, null, producer.Schema("i", "a"));
        releasedChild->children[0]->release = null;
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(releasedChild));
        Assert.Equal(1, ForeignProducer.Releases(releasedChild));

        var badName = producer.Schema("i", "");
        badName->name = (byte*)producer.Buffer([0xFF, 0xFE, 0]);
        Assert.Contains("UTF-8", Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportField(badName)).Message);
        Assert.Equal(1, ForeignProducer.Releases(badName));

        var notAStruct = producer.Schema("i", "");
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportSchema(notAStruct));
        Assert.Equal(1, ForeignProducer.Releases(notAStruct));
    }

    [Fact]
    public void NestingBeyondTheDepthLimitIsRefusedAndReleased()
    {
        using var producer = new ForeignProducer();
        var node = producer.Schema("i", "leaf");
        for (var i = 0; i < CArrowSchemaImporter.MaxDepth + 1; i++)
            node = producer.Schema("+l", "l", CArrowSchema.ARROW_FLAG_NULLABLE, null, node);
        var e = Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportType(node));
        Assert.Contains("deeper", e.Message);
        Assert.Equal(1, ForeignProducer.Releases(node));

        var fits = producer.Schema("i", "leaf");
        for (var i = 0; i < CArrowSchemaImporter.MaxDepth; i++)
            fits = producer.Schema("+l", "l", CArrowSchema.ARROW_FLAG_NULLABLE, null, fits);
        Assert.IsType<ListType>(CArrowSchemaImporter.ImportType(fits));
    }

    [Fact]
    public void AReleasedSchemaIsRefusedWithoutCallingRelease()
    {
        using var producer = new ForeignProducer();
        var schema = producer.Schema("i", "x");
        schema->release = null;
        Assert.Throws<ArrowFormatException>(() => CArrowSchemaImporter.ImportType(schema));
        Assert.Equal(0, ForeignProducer.Releases(schema));
    }

    private static CArrowSchema* Allocate() => (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
}

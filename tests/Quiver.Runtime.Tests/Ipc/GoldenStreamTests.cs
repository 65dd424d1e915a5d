using System.IO.Compression;
using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Reads every stream Arrow C++ 21 wrote in arrow-testing. The expected schema and row counts
/// come from the integration JSON written next to each stream, not from Quiver.
/// </summary>
public class GoldenStreamTests
{
    public static readonly Dictionary<string, string> Refused = new()
    {
        ["generated_binary_view"] = "Field 'bv' has type binary_view, which Quiver does not support.",
        ["generated_interval"] = "Field 'f5' has type month_interval, which Quiver does not support.",
        ["generated_list_view"] = "Field 'lv' has type list_view, which Quiver does not support.",
        ["generated_union"] = "Field 'sparse_1' has type sparse_union, which Quiver does not support.",
    };

    public static TheoryData<string> Readable() => new(ArrowTestingData.StreamNames().Where(n => !Refused.ContainsKey(n)));

    public static TheoryData<string> Unreadable() => new(Refused.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void EveryGoldenStreamIsClassified()
    {
        var names = ArrowTestingData.StreamNames();
        Assert.Equal(23, names.Count);
        Assert.All(Refused.Keys, name => Assert.Contains(name, names));
        Assert.Equal(19, names.Count(n => !Refused.ContainsKey(n)));
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public void ReadsSchemaRowsAndNullCountsGivenByTheJson(string name)
    {
        using var json = LoadJson(name);
        var expectedSchema = SchemaFromJson(json.RootElement.GetProperty("schema"));
        var expectedBatches = json.RootElement.GetProperty("batches").EnumerateArray().ToList();

        var reader = new IpcStreamReader(ArrowTestingData.ReadStream(name));
        Assert.Equal(expectedSchema, reader.Schema);
        var batches = reader.ReadAll().ToList();
        Assert.Equal(expectedBatches.Count, batches.Count);
        for (var b = 0; b < batches.Count; b++)
        {
            Assert.Equal(expectedBatches[b].GetProperty("count").GetInt32(), batches[b].Length);
            var columns = expectedBatches[b].GetProperty("columns").EnumerateArray().ToList();
            for (var c = 0; c < columns.Count; c++)
            {
                var column = batches[b].Column(c);
                Assert.Equal(ExpectedNullCount(columns[c], column.Type), column.NullCount);
                ColumnWalker.Touch(column);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void RefusesUnsupportedTypesByName(string name)
    {
        var e = Assert.Throws<ArrowNotSupportedException>(() => new IpcStreamReader(ArrowTestingData.ReadStream(name)));
        Assert.Equal(Refused[name], e.Message);
    }

    private static int ExpectedNullCount(JsonElement column, ArrowType type)
    {
        if (type is NullType)
            return column.GetProperty("count").GetInt32();
        return column.TryGetProperty("VALIDITY", out var validity) ? validity.EnumerateArray().Count(v => v.GetInt32() == 0) : 0;
    }

    private static JsonDocument LoadJson(string name)
    {
        using var file = File.OpenRead(Path.Combine(ArrowTestingData.StreamFolder, name + ".json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonDocument.Parse(gzip);
    }

    private static Schema SchemaFromJson(JsonElement schema) =>
        new(schema.GetProperty("fields").EnumerateArray().Select(FieldFromJson), MetadataFromJson(schema));

    private static Field FieldFromJson(JsonElement field)
    {
        var children = field.TryGetProperty("children", out var c) ? c.EnumerateArray().Select(FieldFromJson).ToArray() : [];
        var type = TypeFromJson(field.GetProperty("type"), children);
        if (field.TryGetProperty("dictionary", out var dictionary))
        {
            var index = dictionary.GetProperty("indexType");
            type = new DictionaryType(new IntType(index.GetProperty("bitWidth").GetInt32(), index.GetProperty("isSigned").GetBoolean()), type, dictionary.GetProperty("isOrdered").GetBoolean());
        }
        return new Field(field.GetProperty("name").GetString()!, type, field.GetProperty("nullable").GetBoolean(), MetadataFromJson(field));
    }

    // Arrow C++ writes the keys of an extension type it registered metadata first in IPC but name first in the JSON.
    private static KeyValueMetadata MetadataFromJson(JsonElement owner)
    {
        if (!owner.TryGetProperty("metadata", out var pairs))
            return KeyValueMetadata.Empty;
        var list = pairs.EnumerateArray().Select(p => new KeyValuePair<string, string>(p.GetProperty("key").GetString()!, p.GetProperty("value").GetString()!)).ToList();
        var registered = list.Count == 2 && list[0].Key == "ARROW:extension:name" && list[1].Key == "ARROW:extension:metadata";
        return new KeyValueMetadata(registered ? [list[1], list[0]] : list);
    }

    private static ArrowType TypeFromJson(JsonElement type, Field[] children)
    {
        TimeUnit Unit() => Enum.Parse<TimeUnit>(type.GetProperty("unit").GetString()!, ignoreCase: true);
        return type.GetProperty("name").GetString() switch
        {
            "null" => NullType.Default,
            "bool" => BooleanType.Default,
            "int" => new IntType(type.GetProperty("bitWidth").GetInt32(), type.GetProperty("isSigned").GetBoolean()),
            "floatingpoint" => new FloatingPointType(Enum.Parse<FloatPrecision>(type.GetProperty("precision").GetString()!, ignoreCase: true)),
            "binary" => BinaryType.Default,
            "utf8" => Utf8Type.Default,
            "largebinary" => LargeBinaryType.Default,
            "largeutf8" => LargeUtf8Type.Default,
            "fixedsizebinary" => new FixedSizeBinaryType(type.GetProperty("byteWidth").GetInt32()),
            "date" => type.GetProperty("unit").GetString() == "DAY" ? DateType.Date32 : DateType.Date64,
            "time" => new TimeType(Unit(), type.GetProperty("bitWidth").GetInt32()),
            "timestamp" => new TimestampType(Unit(), type.TryGetProperty("timezone", out var tz) ? tz.GetString() : null),
            "duration" => new DurationType(Unit()),
            "list" => new ListType(children.Single()),
            "largelist" => new LargeListType(children.Single()),
            "fixedsizelist" => new FixedSizeListType(children.Single(), type.GetProperty("listSize").GetInt32()),
            "struct" => new StructType(children),
            "map" => new MapType(children.Single(), type.GetProperty("keysSorted").GetBoolean()),
            "decimal" => new DecimalType(type.GetProperty("precision").GetInt32(), type.GetProperty("scale").GetInt32(), type.GetProperty("bitWidth").GetInt32()),
            var other => throw new InvalidOperationException($"The JSON has type '{other}', which this test does not map."),
        };
    }
}

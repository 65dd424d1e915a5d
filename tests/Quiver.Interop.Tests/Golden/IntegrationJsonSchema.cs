using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using static Quiver.Interop.Tests.Golden.JsonMembers;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// The schema of an integration JSON file (Arrow's Integration.rst, "JSON test data format").
/// When every type is one Quiver implements, <see cref="Schema"/> is the Quiver schema it
/// describes; otherwise it is null and <see cref="Unsupported"/> lists what Quiver must refuse,
/// in depth-first field order. <see cref="DictionaryIds"/> gives the dictionary id of each
/// dictionary-encoded field of <see cref="Schema"/> (the very <see cref="Field"/> objects).
/// </summary>
internal sealed record IntegrationJsonSchema(Schema? Schema, IReadOnlyList<UnsupportedFeature> Unsupported, IReadOnlyDictionary<Field, long> DictionaryIds)
{
    public bool IsSupported => Schema is not null;

    public static IntegrationJsonSchema Read(JsonElement schemaJson)
    {
        var unsupported = new List<UnsupportedFeature>();
        var dictionaryIds = new Dictionary<Field, long>(ReferenceEqualityComparer.Instance);
        var fields = Array(schemaJson, "fields", "schema").EnumerateArray()
            .Select(f => ReadField(f, "", unsupported, dictionaryIds, insideDictionary: false))
            .ToList();
        var metadata = ReadMetadata(schemaJson, "schema");
        var schema = unsupported.Count == 0 ? new Schema(fields.Select(f => f!), metadata) : null;
        return new IntegrationJsonSchema(schema, unsupported, dictionaryIds);
    }

    /// <summary>The field, or null when it or a descendant is unsupported (recorded in <paramref name="unsupported"/>).</summary>
    private static Field? ReadField(JsonElement json, string parentPath, List<UnsupportedFeature> unsupported, Dictionary<Field, long> dictionaryIds, bool insideDictionary)
    {
        var name = String(json, "name", parentPath.Length == 0 ? "schema.fields" : parentPath);
        var path = parentPath.Length == 0 ? name : $"{parentPath}.{name}";
        var nullable = Boolean(json, "nullable", path);
        var typeJson = Required(json, "type", path);
        var typeName = String(typeJson, "name", path + " (type)");
        var metadata = ReadMetadata(json, path);

        // Recorded before the children so the list is in depth-first pre-order, as a reader meets them.
        var isSupported = true;
        if (UnsupportedFeature.IsKnown(typeName) && !(typeName == "decimal" && IsQuiverDecimalWidth(typeJson, path)))
        {
            unsupported.Add(new UnsupportedFeature(path, typeName));
            isSupported = false;
        }
        var dictionary = Optional(json, "dictionary");
        if (dictionary is not null && insideDictionary)
        {
            unsupported.Add(new UnsupportedFeature(path, UnsupportedFeature.Dictionary));
            isSupported = false;
        }
        var children = Array(json, "children", path).EnumerateArray()
            .Select(c => ReadField(c, path, unsupported, dictionaryIds, insideDictionary || dictionary is not null))
            .ToList();
        if (!isSupported || children.Any(c => c is null))
            return null;
        var type = ReadType(typeName, typeJson, children.Select(c => c!).ToList(), path);
        if (dictionary is not { } encoding)
            return new Field(name, type, nullable, metadata);
        var indexType = ReadInt(Required(encoding, "indexType", path + " dictionary"), path + " dictionary");
        var field = new Field(name, new DictionaryType(indexType, type, Boolean(encoding, "isOrdered", path + " dictionary")), nullable, metadata);
        dictionaryIds.Add(field, ReadInteger64(Required(encoding, "id", path + " dictionary"), path + " dictionary id"));
        return field;
    }

    /// <summary>decimal128 and decimal256 are Quiver's; decimal32 and decimal64 are refused.</summary>
    private static bool IsQuiverDecimalWidth(JsonElement typeJson, string path) =>
        (Optional(typeJson, "bitWidth") is null ? 128 : Int32(typeJson, "bitWidth", path)) is 128 or 256;

    private static long ReadInteger64(JsonElement value, string path) =>
        (long)IntegrationJsonBatches.ReadInteger(value, 64, isSigned: true, path);

    private static ArrowType ReadType(string typeName, JsonElement json, IReadOnlyList<Field> children, string path)
    {
        var expectedChildren = typeName switch
        {
            "list" or "largelist" or "fixedsizelist" or "map" => 1,
            "struct" => children.Count,
            _ => 0,
        };
        if (children.Count != expectedChildren)
            throw Invalid(path, $"type {typeName} has {children.Count} children, expected {expectedChildren}");

        return typeName switch
        {
            "null" => NullType.Default,
            "bool" => BooleanType.Default,
            "int" => ReadInt(json, path),
            "floatingpoint" => new FloatingPointType(String(json, "precision", path) switch
            {
                "HALF" => FloatPrecision.Half,
                "SINGLE" => FloatPrecision.Single,
                "DOUBLE" => FloatPrecision.Double,
                var other => throw Invalid(path, $"unknown floating point precision '{other}'"),
            }),
            "utf8" => Utf8Type.Default,
            "largeutf8" => LargeUtf8Type.Default,
            "binary" => BinaryType.Default,
            "largebinary" => LargeBinaryType.Default,
            "fixedsizebinary" => new FixedSizeBinaryType(Int32(json, "byteWidth", path)),
            "date" => String(json, "unit", path) switch
            {
                "DAY" => DateType.Date32,
                "MILLISECOND" => DateType.Date64,
                var other => throw Invalid(path, $"unknown date unit '{other}'"),
            },
            "time" => new TimeType(ReadTimeUnit(json, path), Int32(json, "bitWidth", path)),
            "timestamp" => new TimestampType(ReadTimeUnit(json, path), Optional(json, "timezone")?.GetString()),
            "duration" => new DurationType(ReadTimeUnit(json, path)),
            "list" => new ListType(children[0]),
            "largelist" => new LargeListType(children[0]),
            "fixedsizelist" => new FixedSizeListType(children[0], Int32(json, "listSize", path)),
            "struct" => new StructType(children),
            "map" => new MapType(children[0], Boolean(json, "keysSorted", path)),
            "decimal" => new DecimalType(Int32(json, "precision", path), Int32(json, "scale", path), Optional(json, "bitWidth") is null ? 128 : Int32(json, "bitWidth", path)),
            _ => throw Invalid(path, $"unknown type name '{typeName}'"),
        };
    }

    private static IntType ReadInt(JsonElement json, string path)
    {
        var bitWidth = Int32(json, "bitWidth", path);
        if (bitWidth is not (8 or 16 or 32 or 64))
            throw Invalid(path, $"integer bit width {bitWidth} is not 8, 16, 32 or 64");
        return new IntType(bitWidth, Boolean(json, "isSigned", path));
    }

    private static TimeUnit ReadTimeUnit(JsonElement json, string path) => String(json, "unit", path) switch
    {
        "SECOND" => TimeUnit.Second,
        "MILLISECOND" => TimeUnit.Millisecond,
        "MICROSECOND" => TimeUnit.Microsecond,
        "NANOSECOND" => TimeUnit.Nanosecond,
        var other => throw Invalid(path, $"unknown time unit '{other}'"),
    };

    /// <summary>Absent and null both mean no metadata; order and duplicate keys are kept.</summary>
    private static KeyValueMetadata ReadMetadata(JsonElement json, string path)
    {
        if (Optional(json, "metadata") is not { } metadata)
            return KeyValueMetadata.Empty;
        if (metadata.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"metadata should be an array, found {metadata.ValueKind}");
        var pairs = metadata.EnumerateArray().Select(pair =>
            new KeyValuePair<string, string>(String(pair, "key", path + " metadata"), String(pair, "value", path + " metadata"))).ToList();
        return new KeyValueMetadata(InIpcOrder(pairs));
    }

    private const string ExtensionName = "ARROW:extension:name";
    private const string ExtensionMetadata = "ARROW:extension:metadata";

    private const string AllowUnregistered = "ARROW:integration:allow_unregistered_extension";

    /// <summary>
    /// For an extension type it has registered, Arrow C++ lists the two extension keys name first
    /// in the JSON but writes them metadata first in IPC, as it rebuilds them from the type
    /// (generated_extension shows both); an unregistered extension keeps its metadata as given
    /// (generated_custom_metadata). The JSON's pairs are put in the IPC order, so the
    /// order-sensitive comparison still checks every other key's place.
    /// </summary>
    private static List<KeyValuePair<string, string>> InIpcOrder(List<KeyValuePair<string, string>> pairs)
    {
        var name = pairs.FindIndex(p => p.Key == ExtensionName);
        var extensionMetadata = pairs.FindIndex(p => p.Key == ExtensionMetadata);
        if (name < 0 || extensionMetadata != name + 1 || pairs.Any(p => p.Key == AllowUnregistered))
            return pairs;
        (pairs[name], pairs[extensionMetadata]) = (pairs[extensionMetadata], pairs[name]);
        return pairs;
    }
}

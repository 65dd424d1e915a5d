using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using static Quiver.Interop.Tests.Golden.JsonMembers;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// The schema of an integration JSON file (Arrow's Integration.rst, "JSON test data format").
/// When every type is one Quiver implements, <see cref="Schema"/> is the Quiver schema it
/// describes; otherwise it is null and <see cref="Unsupported"/> lists what Quiver must refuse,
/// in depth-first field order.
/// </summary>
internal sealed record IntegrationJsonSchema(Schema? Schema, IReadOnlyList<UnsupportedFeature> Unsupported)
{
    public bool IsSupported => Schema is not null;

    public static IntegrationJsonSchema Read(JsonElement schemaJson)
    {
        var unsupported = new List<UnsupportedFeature>();
        var fields = Array(schemaJson, "fields", "schema").EnumerateArray()
            .Select(f => ReadField(f, "", unsupported))
            .ToList();
        var metadata = ReadMetadata(schemaJson, "schema");
        var schema = unsupported.Count == 0 ? new Schema(fields.Select(f => f!), metadata) : null;
        return new IntegrationJsonSchema(schema, unsupported);
    }

    /// <summary>The field, or null when it or a descendant is unsupported (recorded in <paramref name="unsupported"/>).</summary>
    private static Field? ReadField(JsonElement json, string parentPath, List<UnsupportedFeature> unsupported)
    {
        var name = String(json, "name", parentPath.Length == 0 ? "schema.fields" : parentPath);
        var path = parentPath.Length == 0 ? name : $"{parentPath}.{name}";
        var nullable = Boolean(json, "nullable", path);
        var typeJson = Required(json, "type", path);
        var typeName = String(typeJson, "name", path + " (type)");
        var metadata = ReadMetadata(json, path);

        // Recorded before the children so the list is in depth-first pre-order, as a reader meets them.
        var isSupported = true;
        if (UnsupportedFeature.IsKnown(typeName))
        {
            unsupported.Add(new UnsupportedFeature(path, typeName));
            isSupported = false;
        }
        if (Optional(json, "dictionary") is not null)
        {
            unsupported.Add(new UnsupportedFeature(path, UnsupportedFeature.Dictionary));
            isSupported = false;
        }
        var children = Array(json, "children", path).EnumerateArray()
            .Select(c => ReadField(c, path, unsupported))
            .ToList();
        if (!isSupported || children.Any(c => c is null))
            return null;
        return new Field(name, ReadType(typeName, typeJson, children.Select(c => c!).ToList(), path), nullable, metadata);
    }

    private static ArrowType ReadType(string typeName, JsonElement json, IReadOnlyList<Field> children, string path)
    {
        var expectedChildren = typeName switch
        {
            "list" or "largelist" or "fixedsizelist" => 1,
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
        return new KeyValueMetadata(metadata.EnumerateArray().Select(pair =>
            new KeyValuePair<string, string>(String(pair, "key", path + " metadata"), String(pair, "value", path + " metadata"))));
    }
}

using System.Globalization;
using Quiver.Generator.Model;

namespace Quiver.Generator.Emit;

/// <summary>
/// Writes the static Arrow schema of a message as constructor calls (no reflection): the same
/// schema the canonical form describes (docs/schema-language.md §7), with the enum metadata on
/// enum fields and <c>quiver.message</c> / <c>quiver.fingerprint</c> on the schema.
/// </summary>
internal static class ArrowSchemaEmitter
{
    public const string MessageKey = "quiver.message";
    public const string FingerprintKey = "quiver.fingerprint";
    public const string EnumKey = "quiver.enum";

    public static void Write(SourceWriter writer, MessageModel message)
    {
        writer.WriteLine("/// <summary>The Arrow schema of a batch of this message: one column per field.</summary>");
        writer.WriteLine("public static global::Quiver.Arrow.Schema Schema { get; } = new global::Quiver.Arrow.Schema(");
        writer.WriteLine("    [");
        foreach (var field in message.Fields)
            writer.WriteLine("        " + Field(field.Name, field.Type) + ",");
        writer.WriteLine("    ],");
        writer.WriteLine($"""    global::Quiver.Arrow.KeyValueMetadata.From(("{MessageKey}", "{message.Name}"), ("{FingerprintKey}", "{message.Fingerprint}")));""");
    }

    private static string Field(string name, TypeModel type)
    {
        var nullable = type.IsNullable ? "true" : "false";
        var metadata = type is EnumTypeModel e
            ? $""", global::Quiver.Arrow.KeyValueMetadata.From(("{EnumKey}", "{e.Enum}"))"""
            : "";
        return $"""new global::Quiver.Arrow.Field("{name}", {Type(type)}, {nullable}{metadata})""";
    }

    private static string Type(TypeModel type) => type switch
    {
        PrimitiveTypeModel p => Primitive(p.Kind),
        EnumTypeModel e => Primitive(e.BaseType),
        FixedSizeBinaryTypeModel f => $"new {CSharpTypeNames.Types}FixedSizeBinaryType({Number(f.ByteWidth)})",
        ListTypeModel l => $"new {CSharpTypeNames.Types}ListType({Field("item", l.Item)})",
        FixedSizeListTypeModel f => $"new {CSharpTypeNames.Types}FixedSizeListType({Field("item", f.Item)}, {Number(f.Size)})",
        TimestampTypeModel t => $"new {CSharpTypeNames.Types}TimestampType({Unit(t.Unit)}, {(t.TimeZone is null ? "null" : "\"" + t.TimeZone + "\"")})",
        DurationTypeModel d => $"new {CSharpTypeNames.Types}DurationType({Unit(d.Unit)})",
        MessageTypeModel m => $"new {CSharpTypeNames.Types}StructType({CSharpTypeNames.Generated(m.Message)}.Schema.Fields)",
        DecimalTypeModel d => $"new {CSharpTypeNames.Types}DecimalType({Number(d.Precision)}, {Number(d.Scale)}, {Number(d.BitWidth)})",
        MapTypeModel map => $"new {CSharpTypeNames.Types}MapType(new global::Quiver.Arrow.Field(\"entries\", new {CSharpTypeNames.Types}StructType([{Field("key", map.Key)}, {Field("value", map.Value)}]), false))",
        DictionaryTypeModel => $"new {CSharpTypeNames.Types}DictionaryType({CSharpTypeNames.Types}IntType.Int32, {CSharpTypeNames.Types}Utf8Type.Default)",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Primitive(PrimitiveKind kind) => CSharpTypeNames.Types + kind switch
    {
        PrimitiveKind.Bool => "BooleanType.Default",
        PrimitiveKind.Int8 => "IntType.Int8",
        PrimitiveKind.Int16 => "IntType.Int16",
        PrimitiveKind.Int32 => "IntType.Int32",
        PrimitiveKind.Int64 => "IntType.Int64",
        PrimitiveKind.UInt8 => "IntType.UInt8",
        PrimitiveKind.UInt16 => "IntType.UInt16",
        PrimitiveKind.UInt32 => "IntType.UInt32",
        PrimitiveKind.UInt64 => "IntType.UInt64",
        PrimitiveKind.Float16 => "FloatingPointType.Float16",
        PrimitiveKind.Float32 => "FloatingPointType.Float32",
        PrimitiveKind.Float64 => "FloatingPointType.Float64",
        PrimitiveKind.String => "Utf8Type.Default",
        PrimitiveKind.Bytes => "BinaryType.Default",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Unit(Model.TimeUnit unit) => CSharpTypeNames.Types + "TimeUnit." + unit;

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

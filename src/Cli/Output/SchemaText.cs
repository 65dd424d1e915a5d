using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Cli.Output;

/// <summary>
/// A topic's announced Arrow schema written back as <c>.quiver</c>-like text (docs/schema-language.md,
/// "Types"): what a user would write to get it. Nested messages are written inline, since the
/// handshake carries their fields but not their names; enums show as their integer type with the
/// enum named in a comment (field metadata <c>quiver.enum</c>).
/// </summary>
internal static class SchemaText
{
    public static string Write(string messageType, Schema schema)
    {
        var text = new System.Text.StringBuilder();
        var dot = messageType.LastIndexOf('.');
        if (dot > 0)
            text.Append("package ").Append(messageType[..dot]).Append(";\n\n");
        text.Append("message ").Append(messageType[(dot + 1)..]).Append(" {\n");
        WriteFields(text, schema.Fields, "  ");
        text.Append("}\n");
        return text.ToString();
    }

    private static void WriteFields(System.Text.StringBuilder text, IReadOnlyList<Field> fields, string indent)
    {
        foreach (var field in fields)
        {
            text.Append(indent).Append(field.Name).Append(": ");
            if (field.Type is StructType nested)
            {
                text.Append("{\n");
                WriteFields(text, nested.Fields, indent + "  ");
                text.Append(indent).Append('}');
            }
            else
            {
                text.Append(TypeName(field.Type));
            }
            text.Append(field.Nullable ? "?;" : ";");
            if (field.Metadata.TryGetValue("quiver.enum", out var enumName))
                text.Append("  // enum ").Append(enumName);
            text.Append('\n');
        }
    }

    private static string TypeName(ArrowType type) => type switch
    {
        BooleanType => "bool",
        IntType integer => $"{(integer.IsSigned ? "int" : "uint")}{integer.BitWidth}",
        FloatingPointType { Precision: FloatPrecision.Half } => "float16",
        FloatingPointType { Precision: FloatPrecision.Single } => "float32",
        FloatingPointType => "float64",
        Utf8Type or LargeUtf8Type => "string",
        BinaryType or LargeBinaryType => "bytes",
        FixedSizeBinaryType fixedSize => $"bytes[{fixedSize.ByteWidth}]",
        ListType list => Item(list.ValueField) + "[]",
        LargeListType list => Item(list.ValueField) + "[]",
        FixedSizeListType list => $"{Item(list.ValueField)}[{list.ListSize}]",
        TimestampType { TimeZone: null } timestamp => $"timestamp<{TimeUnits.Abbreviation(timestamp.Unit)}>",
        TimestampType timestamp => $"timestamp<{TimeUnits.Abbreviation(timestamp.Unit)}, \"{timestamp.TimeZone}\">",
        DurationType duration => $"duration<{TimeUnits.Abbreviation(duration.Unit)}>",
        DecimalType decimalType => $"decimal<{decimalType.Precision}, {decimalType.Scale}>",
        MapType map => $"map<{TypeName(map.KeyField.Type)}, {Item(map.ValueField)}>",
        DictionaryType { ValueType: Utf8Type } => "dict<string>",
        StructType nested => "{ " + string.Join(" ", nested.Fields.Select(f => $"{f.Name}: {Item(f)};")) + " }",
        _ => type.ToString(),
    };

    private static string Item(Field item) => TypeName(item.Type) + (item.Nullable ? "?" : "");
}

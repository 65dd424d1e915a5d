using System.Globalization;
using System.Text;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;

namespace Quiver.Generator.Canonical;

/// <summary>
/// Writes the canonical form of a message's Arrow schema, the text its fingerprint hashes.
/// docs/schema-language.md defines it; the Python emitter computes the same text, so any change
/// here is a change of the wire contract and must change the docs too.
/// </summary>
public static class CanonicalSchemaWriter
{
    /// <summary>The field metadata key naming the enum of an integer column.</summary>
    public const string EnumMetadataKey = "quiver.enum";

    /// <summary>
    /// The canonical text of a message with <paramref name="fields"/>. <paramref name="fieldsOf"/>
    /// gives the fields of each nested message; the schema set must be free of cycles.
    /// </summary>
    public static string Write(IReadOnlyList<FieldModel> fields, Func<QualifiedName, IReadOnlyList<FieldModel>> fieldsOf)
    {
        var text = new StringBuilder();
        WriteStruct(text, fields, fieldsOf);
        return text.ToString();
    }

    private static void WriteStruct(StringBuilder text, IReadOnlyList<FieldModel> fields, Func<QualifiedName, IReadOnlyList<FieldModel>> fieldsOf)
    {
        text.Append("struct<");
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
                text.Append(", ");
            WriteField(text, fields[i].Name, fields[i].Type, fieldsOf);
        }
        text.Append('>');
    }

    private static void WriteField(StringBuilder text, string name, TypeModel type, Func<QualifiedName, IReadOnlyList<FieldModel>> fieldsOf)
    {
        text.Append(name).Append(": ");
        WriteType(text, type, fieldsOf);
        if (!type.IsNullable)
            text.Append(" not null");
        if (type is EnumTypeModel enumType)
            text.Append(" {").Append(EnumMetadataKey).Append('=').Append(enumType.Enum).Append('}');
    }

    private static void WriteType(StringBuilder text, TypeModel type, Func<QualifiedName, IReadOnlyList<FieldModel>> fieldsOf)
    {
        switch (type)
        {
            case PrimitiveTypeModel primitive:
                text.Append(PrimitiveName(primitive.Kind));
                break;
            case EnumTypeModel enumType:
                text.Append(PrimitiveName(enumType.BaseType));
                break;
            case FixedSizeBinaryTypeModel binary:
                text.Append("fixed_size_binary[").Append(binary.ByteWidth.ToString(CultureInfo.InvariantCulture)).Append(']');
                break;
            case ListTypeModel list:
                text.Append("list<");
                WriteField(text, "item", list.Item, fieldsOf);
                text.Append('>');
                break;
            case FixedSizeListTypeModel list:
                text.Append("fixed_size_list<");
                WriteField(text, "item", list.Item, fieldsOf);
                text.Append(">[").Append(list.Size.ToString(CultureInfo.InvariantCulture)).Append(']');
                break;
            case TimestampTypeModel timestamp:
                text.Append("timestamp[").Append(BuiltinTypes.TimeUnitName(timestamp.Unit));
                if (timestamp.TimeZone is { } zone)
                    text.Append(", tz=").Append(zone);
                text.Append(']');
                break;
            case DurationTypeModel duration:
                text.Append("duration[").Append(BuiltinTypes.TimeUnitName(duration.Unit)).Append(']');
                break;
            case MessageTypeModel message:
                WriteStruct(text, fieldsOf(message.Message), fieldsOf);
                break;
            case DecimalTypeModel decimalType:
                text.Append("decimal").Append(decimalType.BitWidth.ToString(CultureInfo.InvariantCulture))
                    .Append('(').Append(decimalType.Precision.ToString(CultureInfo.InvariantCulture))
                    .Append(", ").Append(decimalType.Scale.ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
            case MapTypeModel map:
                text.Append("map<entries: struct<");
                WriteField(text, "key", map.Key, fieldsOf);
                text.Append(", ");
                WriteField(text, "value", map.Value, fieldsOf);
                text.Append("> not null>");
                break;
            case DictionaryTypeModel:
                text.Append("dictionary<values=utf8, indices=int32>");
                break;
            default:
                throw new InvalidOperationException($"Unknown type model {type.GetType().Name}.");
        }
    }

    /// <summary>Arrow's names: the schema names, except string and bytes which Arrow calls utf8 and binary.</summary>
    private static string PrimitiveName(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.String => "utf8",
        PrimitiveKind.Bytes => "binary",
        _ => BuiltinTypes.SchemaName(kind),
    };
}

using System.Globalization;
using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// pyarrow expressions for the Arrow schema of a message: the same schema the canonical form
/// describes (docs/schema-language.md §7), with <c>quiver.enum</c> metadata on enum fields.
/// <c>pa</c> is the pyarrow module, passed to the lazily built <c>SCHEMA</c>.
/// </summary>
internal static class PythonArrowTypes
{
    public static string Field(string name, TypeModel type, PythonNames names)
    {
        var nullable = type.IsNullable ? "True" : "False";
        var metadata = type is EnumTypeModel e
            ? $", metadata={{{PythonLiterals.String("quiver.enum")}: {PythonLiterals.String(e.Enum.ToString())}}}"
            : "";
        return $"pa.field({PythonLiterals.String(name)}, {Type(type, names)}, nullable={nullable}{metadata})";
    }

    private static string Type(TypeModel type, PythonNames names) => type switch
    {
        PrimitiveTypeModel p => Primitive(p.Kind),
        EnumTypeModel e => Primitive(e.BaseType),
        FixedSizeBinaryTypeModel f => $"pa.binary({Number(f.ByteWidth)})",
        ListTypeModel l => $"pa.list_({Field("item", l.Item, names)})",
        FixedSizeListTypeModel f => $"pa.list_({Field("item", f.Item, names)}, {Number(f.Size)})",
        TimestampTypeModel t => t.TimeZone is null
            ? $"pa.timestamp({Unit(t.Unit)})"
            : $"pa.timestamp({Unit(t.Unit)}, tz={PythonLiterals.String(t.TimeZone)})",
        DurationTypeModel d => $"pa.duration({Unit(d.Unit)})",
        MessageTypeModel m => $"pa.struct(list({names.Class(m.Message)}.SCHEMA))",
        DecimalTypeModel d => $"pa.decimal{Number(d.BitWidth)}({Number(d.Precision)}, {Number(d.Scale)})",
        MapTypeModel map => $"pa.map_({Field("key", map.Key, names)}, {Field("value", map.Value, names)})",
        DictionaryTypeModel => "pa.dictionary(pa.int32(), pa.utf8())",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Primitive(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => "pa.bool_()",
        PrimitiveKind.Int8 => "pa.int8()",
        PrimitiveKind.Int16 => "pa.int16()",
        PrimitiveKind.Int32 => "pa.int32()",
        PrimitiveKind.Int64 => "pa.int64()",
        PrimitiveKind.UInt8 => "pa.uint8()",
        PrimitiveKind.UInt16 => "pa.uint16()",
        PrimitiveKind.UInt32 => "pa.uint32()",
        PrimitiveKind.UInt64 => "pa.uint64()",
        PrimitiveKind.Float16 => "pa.float16()",
        PrimitiveKind.Float32 => "pa.float32()",
        PrimitiveKind.Float64 => "pa.float64()",
        PrimitiveKind.String => "pa.utf8()",
        PrimitiveKind.Bytes => "pa.binary()",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The unit as schemas and pyarrow both spell it.</summary>
    public static string Unit(Model.TimeUnit unit) => PythonLiterals.String(unit switch
    {
        Model.TimeUnit.Second => "s",
        Model.TimeUnit.Millisecond => "ms",
        Model.TimeUnit.Microsecond => "us",
        Model.TimeUnit.Nanosecond => "ns",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    });

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

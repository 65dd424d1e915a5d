using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Messages;

/// <summary>
/// Spells Arrow types as the canonical form of docs/schema-language.md §7 does (<c>float64</c>,
/// <c>utf8</c>, <c>list&lt;item: int32 not null&gt;</c>), so that a refusal reads the same from the C#
/// and the Python runtime. Types the schema language has no spelling for use Arrow's own name.
/// </summary>
internal static class TypeText
{
    public const string EnumKey = "quiver.enum";

    public static string Of(ArrowType type) => type switch
    {
        BooleanType => "bool",
        IntType integer => integer.ToString(),
        FloatingPointType { Precision: FloatPrecision.Half } => "float16",
        FloatingPointType { Precision: FloatPrecision.Single } => "float32",
        FloatingPointType => "float64",
        Utf8Type => "utf8",
        BinaryType => "binary",
        FixedSizeBinaryType binary => $"fixed_size_binary[{binary.ByteWidth}]",
        TimestampType { TimeZone: null } timestamp => $"timestamp[{TimeUnits.Abbreviation(timestamp.Unit)}]",
        TimestampType timestamp => $"timestamp[{TimeUnits.Abbreviation(timestamp.Unit)}, tz={timestamp.TimeZone}]",
        DurationType duration => $"duration[{TimeUnits.Abbreviation(duration.Unit)}]",
        DecimalType decimalType => $"decimal{decimalType.BitWidth}({decimalType.Precision}, {decimalType.Scale})",
        ListType list => $"list<{Of(list.ValueField)}>",
        FixedSizeListType list => $"fixed_size_list<{Of(list.ValueField)}>[{list.ListSize}]",
        StructType structType => "struct<" + string.Join(", ", structType.Fields.Select(Of)) + ">",
        MapType map => $"map<{Of(map.EntriesField)}>",
        DictionaryType dictionary => $"dictionary<values={Of(dictionary.ValueType)}, indices={Of(dictionary.IndexType)}>",
        _ => type.ToString(),
    };

    /// <summary>A field as the canonical form writes it: name, type, nullability, enum.</summary>
    public static string Of(Field field) =>
        $"{field.Name}: {Of(field.Type)}{(field.Nullable ? "" : " not null")}{EnumSuffix(field)}";

    /// <summary>The field's type with its enum, without name or nullability: what must not change.</summary>
    public static string TypeOf(Field field) => Of(field.Type) + EnumSuffix(field);

    public static string? EnumOf(Field field) => field.Metadata.TryGetValue(EnumKey, out var name) ? name : null;

    private static string EnumSuffix(Field field) => EnumOf(field) is { } name ? $" {{quiver.enum={name}}}" : "";
}

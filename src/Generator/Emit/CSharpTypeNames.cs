using Quiver.Generator.Model;
using Quiver.Generator.Naming;

namespace Quiver.Generator.Emit;

/// <summary>
/// The C# spelling of schema types: CLR scalars, generated types, and the runtime's arrays and
/// builders. Every name is written with <c>global::</c>, so no schema name can shadow it.
/// </summary>
internal static class CSharpTypeNames
{
    public const string Arrays = "global::Quiver.Arrow.Arrays.";
    public const string Builders = "global::Quiver.Arrow.Builders.";
    public const string Types = "global::Quiver.Arrow.Types.";
    public const string Messages = "global::Quiver.Messages.";

    public static string Generated(QualifiedName name) =>
        "global::" + NameMapping.ToCSharpNamespace(name.Package) + "." + name.Name;

    public static string Scalar(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => "bool",
        PrimitiveKind.Int8 => "sbyte",
        PrimitiveKind.Int16 => "short",
        PrimitiveKind.Int32 => "int",
        PrimitiveKind.Int64 => "long",
        PrimitiveKind.UInt8 => "byte",
        PrimitiveKind.UInt16 => "ushort",
        PrimitiveKind.UInt32 => "uint",
        PrimitiveKind.UInt64 => "ulong",
        PrimitiveKind.Float16 => "global::System.Half",
        PrimitiveKind.Float32 => "float",
        PrimitiveKind.Float64 => "double",
        PrimitiveKind.String => "string",
        PrimitiveKind.Bytes => "global::System.ReadOnlyMemory<byte>",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The .NET type of a decimal: <see cref="decimal"/> when every value of the precision fits its
    /// 96-bit mantissa exactly (up to 28 digits), otherwise the unscaled <c>BigInteger</c> (the value
    /// is it × 10^-scale), so no value is ever rounded.
    /// </summary>
    public static string Decimal(DecimalTypeModel type) =>
        type.Precision <= DecimalTypeModel.MaxClrDecimalPrecision ? "decimal" : "global::System.Numerics.BigInteger";

    public static bool IsClrDecimal(DecimalTypeModel type) => type.Precision <= DecimalTypeModel.MaxClrDecimalPrecision;

    /// <summary>A type stored as fixed-width numbers that a span can show in place: integers, floats, enums, timestamps, durations.</summary>
    public static bool IsSpanElement(TypeModel type) => !type.IsNullable && SpanElement(type) is not null;

    /// <summary>The element type of the span over <paramref name="type"/>'s values, or null when there is none.</summary>
    public static string? SpanElement(TypeModel type) => type switch
    {
        PrimitiveTypeModel { Kind: not (PrimitiveKind.Bool or PrimitiveKind.String or PrimitiveKind.Bytes) } p => Scalar(p.Kind),
        EnumTypeModel e => Generated(e.Enum),
        TimestampTypeModel or DurationTypeModel => "long",
        _ => null,
    };

    /// <summary>The runtime's view class for an array of <paramref name="type"/>.</summary>
    public static string ArrayClass(TypeModel type) => Arrays + type switch
    {
        PrimitiveTypeModel { Kind: PrimitiveKind.Bool } => "BooleanArray",
        PrimitiveTypeModel { Kind: PrimitiveKind.String } => "StringArray",
        PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } => "BinaryArray",
        PrimitiveTypeModel p => "PrimitiveArray<" + Scalar(p.Kind) + ">",
        EnumTypeModel e => "PrimitiveArray<" + Scalar(e.BaseType) + ">",
        FixedSizeBinaryTypeModel => "FixedSizeBinaryArray",
        ListTypeModel => "ListArray",
        FixedSizeListTypeModel => "FixedSizeListArray",
        TimestampTypeModel => "TimestampArray",
        DurationTypeModel => "DurationArray",
        MessageTypeModel => "StructArray",
        DecimalTypeModel => "DecimalArray",
        MapTypeModel => "MapArray",
        DictionaryTypeModel => "DictionaryArray",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The runtime's builder class for an array of <paramref name="type"/>.</summary>
    public static string BuilderClass(TypeModel type) => Builders + type switch
    {
        PrimitiveTypeModel { Kind: PrimitiveKind.Bool } => "BooleanColumnBuilder",
        PrimitiveTypeModel { Kind: PrimitiveKind.String } => "StringColumnBuilder",
        PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } => "BinaryColumnBuilder",
        PrimitiveTypeModel p => "PrimitiveColumnBuilder<" + Scalar(p.Kind) + ">",
        EnumTypeModel e => "PrimitiveColumnBuilder<" + Scalar(e.BaseType) + ">",
        FixedSizeBinaryTypeModel => "FixedSizeBinaryColumnBuilder",
        ListTypeModel => "ListColumnBuilder",
        FixedSizeListTypeModel => "FixedSizeListColumnBuilder",
        TimestampTypeModel => "TimestampColumnBuilder",
        DurationTypeModel => "DurationColumnBuilder",
        MessageTypeModel => "StructColumnBuilder",
        DecimalTypeModel => "DecimalColumnBuilder",
        MapTypeModel => "ListColumnBuilder",
        DictionaryTypeModel => "DictionaryColumnBuilder",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The type of a list element (or nested list) as a received view shows it.</summary>
    public static string ViewElement(TypeModel type)
    {
        var name = type switch
        {
            PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel => "global::System.ReadOnlyMemory<byte>",
            PrimitiveTypeModel p => Scalar(p.Kind),
            EnumTypeModel e => Generated(e.Enum),
            TimestampTypeModel or DurationTypeModel => "long",
            ListTypeModel l => ListView(l.Item),
            FixedSizeListTypeModel f => ListView(f.Item),
            MessageTypeModel m => Generated(m.Message),
            DecimalTypeModel d => Decimal(d),
            MapTypeModel map => MapView(map),
            DictionaryTypeModel => "string",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        return type.IsNullable ? name + "?" : name;
    }

    /// <summary>The view of a map.</summary>
    public static string MapView(MapTypeModel map) => Messages + "MapView<" + ViewElement(map.Key) + ", " + ViewElement(map.Value) + ">";

    /// <summary>The view of a list of <paramref name="item"/> that is not itself a span.</summary>
    public static string ListView(TypeModel item) => IsSpanElement(item)
        ? Messages + "PrimitiveListView<" + SpanElement(item) + ">"
        : Messages + "ListView<" + ViewElement(item) + ">";

    /// <summary>The type of a field or element in the plain <c>Value</c> record.</summary>
    public static string Value(TypeModel type)
    {
        var name = type switch
        {
            PrimitiveTypeModel p => Scalar(p.Kind),
            FixedSizeBinaryTypeModel => "global::System.ReadOnlyMemory<byte>",
            EnumTypeModel e => Generated(e.Enum),
            TimestampTypeModel or DurationTypeModel => "long",
            ListTypeModel l => Value(l.Item) + "[]",
            FixedSizeListTypeModel f => Value(f.Item) + "[]",
            MessageTypeModel m => Generated(m.Message) + ".Value",
            DecimalTypeModel d => Decimal(d),
            MapTypeModel map => "global::System.Collections.Generic.Dictionary<" + Value(map.Key) + ", " + Value(map.Value) + ">",
            DictionaryTypeModel => "string",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        return type.IsNullable ? name + "?" : name;
    }
}

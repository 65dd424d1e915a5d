using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// Type hints of generated members. Properties are hinted with what a received message returns
/// (zero-copy <c>pa.Buffer</c> and <c>pa.Array</c>); constructor parameters with everything they
/// accept. Module annotations are postponed (<c>from __future__ import annotations</c>), so the
/// hints may name pyarrow types without importing pyarrow.
/// </summary>
internal static class PythonTypeHints
{
    public static string Property(TypeModel type, PythonNames names) => Nullable(type, type switch
    {
        PrimitiveTypeModel p => Scalar(p.Kind),
        FixedSizeBinaryTypeModel => "pa.Buffer",
        ListTypeModel or FixedSizeListTypeModel => "pa.Array",
        TimestampTypeModel => "_dt.datetime",
        DurationTypeModel => "_dt.timedelta",
        EnumTypeModel e => names.Class(e.Enum) + " | int",
        MessageTypeModel m => names.Class(m.Message),
        DecimalTypeModel => "_decimal.Decimal",
        MapTypeModel map => $"dict[{Property(map.Key, names)}, {Property(map.Value, names)}]",
        DictionaryTypeModel => "str",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    });

    public static string Parameter(TypeModel type, PythonNames names) => Nullable(type, type switch
    {
        PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel => "bytes | bytearray | memoryview | pa.Buffer",
        PrimitiveTypeModel p => Scalar(p.Kind),
        ListTypeModel l => $"_t.Sequence[{Parameter(l.Item, names)}] | pa.Array",
        FixedSizeListTypeModel f => $"_t.Sequence[{Parameter(f.Item, names)}] | pa.Array",
        TimestampTypeModel => "_dt.datetime | int",
        DurationTypeModel => "_dt.timedelta | int",
        EnumTypeModel e => names.Class(e.Enum) + " | int",
        MessageTypeModel m => names.Class(m.Message),
        DecimalTypeModel => "_decimal.Decimal",
        MapTypeModel map => $"_t.Mapping[{Parameter(map.Key, names)}, {Parameter(map.Value, names)}]",
        DictionaryTypeModel => "str",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    });

    private static string Nullable(TypeModel type, string hint) => type.IsNullable ? hint + " | None" : hint;

    private static string Scalar(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => "bool",
        PrimitiveKind.Float16 or PrimitiveKind.Float32 or PrimitiveKind.Float64 => "float",
        PrimitiveKind.String => "str",
        PrimitiveKind.Bytes => "pa.Buffer",
        _ => "int",
    };
}

using Quiver.Generator.Model;

namespace Quiver.Generator.Semantics;

/// <summary>The names of the built-in types as written in schemas.</summary>
internal static class BuiltinTypes
{
    public const string Timestamp = "timestamp";
    public const string Duration = "duration";
    public const string Decimal = "decimal";
    public const string Map = "map";
    public const string Dictionary = "dict";

    private static readonly Dictionary<string, PrimitiveKind> Primitives = new(StringComparer.Ordinal)
    {
        ["bool"] = PrimitiveKind.Bool,
        ["int8"] = PrimitiveKind.Int8,
        ["int16"] = PrimitiveKind.Int16,
        ["int32"] = PrimitiveKind.Int32,
        ["int64"] = PrimitiveKind.Int64,
        ["uint8"] = PrimitiveKind.UInt8,
        ["uint16"] = PrimitiveKind.UInt16,
        ["uint32"] = PrimitiveKind.UInt32,
        ["uint64"] = PrimitiveKind.UInt64,
        ["float16"] = PrimitiveKind.Float16,
        ["float32"] = PrimitiveKind.Float32,
        ["float64"] = PrimitiveKind.Float64,
        ["string"] = PrimitiveKind.String,
        ["bytes"] = PrimitiveKind.Bytes,
    };

    /// <summary>Every built-in name, for "did you mean" suggestions.</summary>
    public static IEnumerable<string> Names => Primitives.Keys.Concat([Timestamp, Duration, Decimal, Map, Dictionary]);

    public static bool TryGetPrimitive(string name, out PrimitiveKind kind) => Primitives.TryGetValue(name, out kind);

    public static string SchemaName(PrimitiveKind kind) => Primitives.First(p => p.Value == kind).Key;

    public static bool IsInteger(PrimitiveKind kind) => kind is >= PrimitiveKind.Int8 and <= PrimitiveKind.UInt64;

    public static bool TryParseTimeUnit(string text, out TimeUnit unit)
    {
        switch (text)
        {
            case "s": unit = TimeUnit.Second; return true;
            case "ms": unit = TimeUnit.Millisecond; return true;
            case "us": unit = TimeUnit.Microsecond; return true;
            case "ns": unit = TimeUnit.Nanosecond; return true;
            default: unit = default; return false;
        }
    }

    public static string TimeUnitName(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}

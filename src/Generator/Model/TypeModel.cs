namespace Quiver.Generator.Model;

/// <summary>
/// A resolved field type. <see cref="IsNullable"/> belongs to each level: for <c>int32?[]</c>
/// the list is not nullable and its items are; for <c>int32[]?</c> it is the other way round.
/// </summary>
public abstract record TypeModel(bool IsNullable);

/// <summary>bool, int8 … uint64, float16/32/64, string (Arrow utf8) and bytes (Arrow binary).</summary>
public sealed record PrimitiveTypeModel(PrimitiveKind Kind, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>bytes[N]</c>: Arrow fixed_size_binary(N).</summary>
public sealed record FixedSizeBinaryTypeModel(int ByteWidth, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>T[]</c>: Arrow list with one child field named <c>item</c>.</summary>
public sealed record ListTypeModel(TypeModel Item, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>T[N]</c>: Arrow fixed_size_list with one child field named <c>item</c>.</summary>
public sealed record FixedSizeListTypeModel(TypeModel Item, int Size, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>timestamp&lt;unit&gt;</c> (no time zone: <paramref name="TimeZone"/> is null) or <c>timestamp&lt;unit, "tz"&gt;</c>.</summary>
public sealed record TimestampTypeModel(TimeUnit Unit, string? TimeZone, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>duration&lt;unit&gt;</c>.</summary>
public sealed record DurationTypeModel(TimeUnit Unit, bool IsNullable) : TypeModel(IsNullable);

/// <summary>A reference to an enum: on the wire its integer base type, with field metadata naming the enum.</summary>
public sealed record EnumTypeModel(QualifiedName Enum, PrimitiveKind BaseType, bool IsNullable) : TypeModel(IsNullable);

/// <summary>A reference to a message: on the wire an Arrow struct of its fields. Look it up with <see cref="SchemaModel.FindMessage"/>.</summary>
public sealed record MessageTypeModel(QualifiedName Message, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>decimal&lt;P, S&gt;</c>: Arrow decimal128(P, S), or decimal256(P, S) when P &gt; 38.</summary>
public sealed record DecimalTypeModel(int Precision, int Scale, bool IsNullable) : TypeModel(IsNullable)
{
    /// <summary>The most digits a decimal128 holds.</summary>
    public const int MaxPrecision128 = 38;

    /// <summary>The most digits any decimal holds (decimal256).</summary>
    public const int MaxPrecision = 76;

    /// <summary>The most digits a .NET <see cref="decimal"/> holds exactly whatever they are (its mantissa is 96 bits).</summary>
    public const int MaxClrDecimalPrecision = 28;

    public int BitWidth => Precision > MaxPrecision128 ? 256 : 128;
}

/// <summary>
/// <c>map&lt;K, V&gt;</c>: Arrow map, a list of non-null <c>entries</c> structs of a non-null
/// <c>key</c> (<paramref name="Key"/>, never nullable) and a <c>value</c>.
/// </summary>
public sealed record MapTypeModel(TypeModel Key, TypeModel Value, bool IsNullable) : TypeModel(IsNullable);

/// <summary><c>dict&lt;string&gt;</c>: a dictionary-encoded string, Arrow dictionary&lt;values=utf8, indices=int32&gt;.</summary>
public sealed record DictionaryTypeModel(bool IsNullable) : TypeModel(IsNullable);

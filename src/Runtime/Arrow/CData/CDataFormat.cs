using System.Globalization;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// The format strings of the C Data Interface: one string per type, children described by child
/// schemas. Leaf types parse to a complete <see cref="ArrowType"/>; nested ones report how many
/// children they take and build their type once the children are read.
/// </summary>
internal static class CDataFormat
{
    public static string Of(ArrowType type) => type switch
    {
        NullType => "n",
        BooleanType => "b",
        IntType { BitWidth: 8, IsSigned: true } => "c",
        IntType { BitWidth: 8 } => "C",
        IntType { BitWidth: 16, IsSigned: true } => "s",
        IntType { BitWidth: 16 } => "S",
        IntType { BitWidth: 32, IsSigned: true } => "i",
        IntType { BitWidth: 32 } => "I",
        IntType { BitWidth: 64, IsSigned: true } => "l",
        IntType { BitWidth: 64 } => "L",
        FloatingPointType { Precision: FloatPrecision.Half } => "e",
        FloatingPointType { Precision: FloatPrecision.Single } => "f",
        FloatingPointType => "g",
        BinaryType => "z",
        LargeBinaryType => "Z",
        Utf8Type => "u",
        LargeUtf8Type => "U",
        FixedSizeBinaryType fsb => "w:" + fsb.ByteWidth.ToString(CultureInfo.InvariantCulture),
        DateType { Unit: DateUnit.Day } => "tdD",
        DateType => "tdm",
        TimeType time => "tt" + UnitLetter(time.Unit),
        // The spec keeps the colon even without a time zone.
        TimestampType ts => "ts" + UnitLetter(ts.Unit) + ":" + ts.TimeZone,
        DurationType duration => "tD" + UnitLetter(duration.Unit),
        ListType => "+l",
        LargeListType => "+L",
        FixedSizeListType list => "+w:" + list.ListSize.ToString(CultureInfo.InvariantCulture),
        StructType => "+s",
        MapType => "+m",
        DecimalType { BitWidth: 128 } d => FormattableString.Invariant($"d:{d.Precision},{d.Scale}"),
        DecimalType d => FormattableString.Invariant($"d:{d.Precision},{d.Scale},{d.BitWidth}"),
        // A dictionary-encoded field's format is its index type's; the values are described by the dictionary schema.
        DictionaryType dictionary => Of(dictionary.IndexType),
        _ => throw new ArrowNotSupportedException($"The C Data Interface export does not support the Arrow type {type}."),
    };

    public static ParsedFormat Parse(string format, string path)
    {
        switch (format)
        {
            case "n": return Leaf(NullType.Default);
            case "b": return Leaf(BooleanType.Default);
            case "c": return Leaf(IntType.Int8);
            case "C": return Leaf(IntType.UInt8);
            case "s": return Leaf(IntType.Int16);
            case "S": return Leaf(IntType.UInt16);
            case "i": return Leaf(IntType.Int32);
            case "I": return Leaf(IntType.UInt32);
            case "l": return Leaf(IntType.Int64);
            case "L": return Leaf(IntType.UInt64);
            case "e": return Leaf(FloatingPointType.Float16);
            case "f": return Leaf(FloatingPointType.Float32);
            case "g": return Leaf(FloatingPointType.Float64);
            case "z": return Leaf(BinaryType.Default);
            case "Z": return Leaf(LargeBinaryType.Default);
            case "u": return Leaf(Utf8Type.Default);
            case "U": return Leaf(LargeUtf8Type.Default);
            case "tdD": return Leaf(DateType.Date32);
            case "tdm": return Leaf(DateType.Date64);
            case "tts": return Leaf(new TimeType(TimeUnit.Second, 32));
            case "ttm": return Leaf(new TimeType(TimeUnit.Millisecond, 32));
            case "ttu": return Leaf(new TimeType(TimeUnit.Microsecond, 64));
            case "ttn": return Leaf(new TimeType(TimeUnit.Nanosecond, 64));
            case "tDs": return Leaf(new DurationType(TimeUnit.Second));
            case "tDm": return Leaf(new DurationType(TimeUnit.Millisecond));
            case "tDu": return Leaf(new DurationType(TimeUnit.Microsecond));
            case "tDn": return Leaf(new DurationType(TimeUnit.Nanosecond));
            case "+l": return new ParsedFormat(null, 1, children => new ListType(children[0]));
            case "+L": return new ParsedFormat(null, 1, children => new LargeListType(children[0]));
            case "+s": return new ParsedFormat(null, ParsedFormat.AnyChildCount, children => new StructType(children));
            case "+m": return new ParsedFormat(null, 1, children => Map(children[0], path));
        }
        if (format.StartsWith("d:", StringComparison.Ordinal))
            return Leaf(ParseDecimal(format, path));
        if (format.StartsWith("w:", StringComparison.Ordinal))
            return Leaf(new FixedSizeBinaryType(ParseSize(format, 2, path)));
        if (format.StartsWith("+w:", StringComparison.Ordinal))
        {
            var size = ParseSize(format, 3, path);
            return new ParsedFormat(null, 1, children => new FixedSizeListType(children[0], size));
        }
        if (format.Length >= 3 && format.StartsWith("ts", StringComparison.Ordinal) && TryParseUnit(format[2], out var unit))
        {
            if (format.Length == 3 || format[3] != ':')
                throw new ArrowFormatException($"Invalid ArrowSchema at {path}: timestamp format '{format}' lacks the ':' before the time zone.");
            var zone = format[4..];
            return Leaf(new TimestampType(unit, zone.Length == 0 ? null : zone));
        }
        throw new ArrowNotSupportedException($"Quiver does not support the C Data format string '{format}'{DescribeUnsupported(format)} at {path}.");
    }

    private static ParsedFormat Leaf(ArrowType type) => new(type, 0, null);

    /// <summary><c>d:P,S</c> (128 bits) or <c>d:P,S,W</c>; decimal32 and decimal64 are not Quiver's.</summary>
    private static DecimalType ParseDecimal(string format, string path)
    {
        var parts = format[2..].Split(',');
        if (parts.Length is not (2 or 3) || parts.Any(p => !int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            throw new ArrowFormatException($"Invalid ArrowSchema at {path}: decimal format '{format}' is not 'd:precision,scale[,bitwidth]'.");
        var numbers = parts.Select(p => int.Parse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
        var bitWidth = numbers.Length == 3 ? numbers[2] : 128;
        if (bitWidth is not (128 or 256))
            throw new ArrowNotSupportedException($"Quiver does not support the C Data format string '{format}' (decimal{bitWidth}) at {path}.");
        var max = DecimalType.MaxPrecision(bitWidth);
        if (numbers[0] < 1 || numbers[0] > max)
            throw new ArrowFormatException($"Invalid ArrowSchema at {path}: decimal{bitWidth} precision {numbers[0]} is outside 1..{max}.");
        return new DecimalType(numbers[0], numbers[1], bitWidth);
    }

    private static MapType Map(Field entries, string path)
    {
        if (entries.Type is not StructType { Fields.Count: 2 } entryType || entries.Nullable || entryType.Fields[0].Nullable)
            throw new ArrowFormatException($"Invalid ArrowSchema at {path}: a map's child must be a non-nullable struct of a non-nullable key and a value, not '{entries}'.");
        return new MapType(entries);
    }

    private static int ParseSize(string format, int start, string path)
    {
        var digits = format.AsSpan(start);
        if (digits.IsEmpty || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw new ArrowFormatException($"Invalid ArrowSchema at {path}: format '{format}' needs a size from 0 to {int.MaxValue} after the ':'.");
        return size;
    }

    private static char UnitLetter(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 's',
        TimeUnit.Millisecond => 'm',
        TimeUnit.Microsecond => 'u',
        _ => 'n',
    };

    private static bool TryParseUnit(char letter, out TimeUnit unit)
    {
        unit = letter switch
        {
            's' => TimeUnit.Second,
            'm' => TimeUnit.Millisecond,
            'u' => TimeUnit.Microsecond,
            'n' => TimeUnit.Nanosecond,
            _ => (TimeUnit)(-1),
        };
        return unit >= 0;
    }

    private static string DescribeUnsupported(string format) => format switch
    {
        "vz" => " (binary view)",
        "vu" => " (utf8 view)",
        "+vl" => " (list view)",
        "+vL" => " (large list view)",
        "+r" => " (run-end encoded)",
        _ when format.StartsWith("ti", StringComparison.Ordinal) => " (interval)",
        _ when format.StartsWith("+ud:", StringComparison.Ordinal) => " (dense union)",
        _ when format.StartsWith("+us:", StringComparison.Ordinal) => " (sparse union)",
        _ => "",
    };
}

/// <summary>
/// A parsed format string: a complete leaf type, or a nested type waiting for its
/// <see cref="ChildCount"/> child fields (<see cref="AnyChildCount"/> for structs).
/// </summary>
internal sealed record ParsedFormat(ArrowType? Leaf, int ChildCount, Func<Field[], ArrowType>? Nested)
{
    public const int AnyChildCount = -1;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using static Quiver.Interop.Tests.Golden.JsonMembers;

namespace Quiver.Interop.Tests.Golden;

/// <summary>One record batch of an integration JSON file: its row count and each column's slots.</summary>
internal sealed record ExpectedBatch(int Count, IReadOnlyList<ExpectedColumn> Columns);

/// <summary>The slots of one column; a null entry is a null slot.</summary>
internal sealed record ExpectedColumn(Field Field, IReadOnlyList<SlotValue?> Slots);

/// <summary>
/// Reads the <c>batches</c> of an integration JSON file into slot values, given the schema it
/// declared. Values of null slots are never read (the JSON may hold anything there, as Arrow C++
/// ignores them too). Redundant members are cross-checked: a variable-length value must have the
/// byte length its offsets say, so a JSON that contradicts itself is reported, not trusted.
/// </summary>
internal static class IntegrationJsonBatches
{
    public static IReadOnlyList<ExpectedBatch> Read(JsonElement root, Schema schema, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries)
    {
        var batches = new List<ExpectedBatch>();
        foreach (var batchJson in Array(root, "batches", "file").EnumerateArray())
        {
            var path = $"batch {batches.Count}";
            var count = Count(batchJson, path);
            var columnsJson = Array(batchJson, "columns", schema.Fields.Count, path).EnumerateArray().ToList();
            var columns = new List<ExpectedColumn>();
            for (var i = 0; i < columnsJson.Count; i++)
            {
                var field = schema.Fields[i];
                var slots = ReadColumn(columnsJson[i], field, $"{path} column {field.Name}", dictionaries);
                if (slots.Length != count)
                    throw Invalid($"{path} column {field.Name}", $"count is {slots.Length}, the batch has {count} rows");
                columns.Add(new ExpectedColumn(field, slots));
            }
            batches.Add(new ExpectedBatch(count, columns));
        }
        return batches;
    }

    public static SlotValue?[] ReadColumn(JsonElement json, Field field, string path, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries)
    {
        var name = String(json, "name", path);
        if (name != field.Name)
            throw Invalid(path, $"column is named '{name}', the schema field '{field.Name}'");
        var count = Count(json, path);
        var slots = new SlotValue?[count];
        if (field.Type is NullType)
            return slots;

        var validity = ReadValidity(json, count, path);
        switch (field.Type)
        {
            case BooleanType:
                Fill(slots, validity, Data(json, count, path), (v, i) => new BooleanValue(ReadBoolean(v, $"{path} DATA[{i}]")));
                break;
            case IntType type:
                FillIntegers(slots, validity, json, type.BitWidth, type.IsSigned, path);
                break;
            case DateType or TimeType or TimestampType or DurationType:
                FillIntegers(slots, validity, json, (int)field.Type.FixedBitWidth, isSigned: true, path);
                break;
            case FloatingPointType type:
                Fill(slots, validity, Data(json, count, path), (v, i) => ReadFloat(v, type.Precision, $"{path} DATA[{i}]"));
                break;
            case Utf8Type or LargeUtf8Type:
                FillVariableLength(slots, validity, json, path, (text, i) => (new StringValue(text), Encoding.UTF8.GetByteCount(text)));
                break;
            case BinaryType or LargeBinaryType:
                FillVariableLength(slots, validity, json, path, (text, i) =>
                {
                    var bytes = ReadHex(text, $"{path} DATA[{i}]");
                    return (new BytesValue(bytes), bytes.Length);
                });
                break;
            case FixedSizeBinaryType type:
                Fill(slots, validity, Data(json, count, path), (v, i) =>
                {
                    var bytes = ReadHex(v.GetString() ?? "", $"{path} DATA[{i}]");
                    if (bytes.Length != type.ByteWidth)
                        throw Invalid($"{path} DATA[{i}]", $"{bytes.Length} bytes, the type is {type}");
                    return new BytesValue(bytes);
                });
                break;
            case DecimalType:
                Fill(slots, validity, Data(json, count, path), (v, i) => ReadDecimal(v, $"{path} DATA[{i}]"));
                break;
            case DictionaryType type:
                FillDictionary(slots, validity, json, dictionaries[field], type, path);
                break;
            case ListType or LargeListType or MapType:
                FillLists(slots, validity, json, field.Type.Children[0], path, dictionaries);
                break;
            case FixedSizeListType type:
                FillFixedSizeLists(slots, validity, json, type, path, dictionaries);
                break;
            case StructType type:
                FillStructs(slots, validity, json, type, path, dictionaries);
                break;
            default:
                throw new InvalidOperationException($"{path}: no JSON reader for {field.Type}.");
        }
        return slots;
    }

    private static int Count(JsonElement json, string path)
    {
        var count = Int32(json, "count", path);
        return count >= 0 ? count : throw Invalid(path, $"count {count} is negative");
    }

    private static bool[] ReadValidity(JsonElement json, int count, string path) =>
        Array(json, "VALIDITY", count, path).EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.Number && v.GetRawText() is "0" or "1"
            ? v.GetRawText() == "1"
            : throw Invalid($"{path} VALIDITY[{i}]", $"expected 0 or 1, found {v.GetRawText()}")).ToArray();

    private static List<JsonElement> Data(JsonElement json, int count, string path) =>
        Array(json, "DATA", count, path).EnumerateArray().ToList();

    private static void Fill(SlotValue?[] slots, bool[] validity, List<JsonElement> data, Func<JsonElement, int, SlotValue> read)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (validity[i])
                slots[i] = read(data[i], i);
        }
    }

    private static void FillIntegers(SlotValue?[] slots, bool[] validity, JsonElement json, int bitWidth, bool isSigned, string path) =>
        Fill(slots, validity, Data(json, slots.Length, path), (v, i) => new IntegerValue(ReadInteger(v, bitWidth, isSigned, $"{path} DATA[{i}]")));

    /// <summary>Utf8/binary: DATA gives each value, OFFSET must agree with its byte length.</summary>
    private static void FillVariableLength(SlotValue?[] slots, bool[] validity, JsonElement json, string path, Func<string, int, (SlotValue Value, int ByteLength)> read)
    {
        var data = Data(json, slots.Length, path);
        var offsets = ReadOffsets(json, slots.Length, path);
        for (var i = 0; i < slots.Length; i++)
        {
            if (!validity[i])
                continue;
            if (data[i].ValueKind != JsonValueKind.String)
                throw Invalid($"{path} DATA[{i}]", $"expected a string, found {data[i].ValueKind}");
            var (value, byteLength) = read(data[i].GetString()!, i);
            if (offsets[i + 1] - offsets[i] != byteLength)
                throw Invalid($"{path} DATA[{i}]", $"value has {byteLength} bytes, OFFSET says {offsets[i + 1] - offsets[i]}");
            slots[i] = value;
        }
    }

    private static void FillLists(SlotValue?[] slots, bool[] validity, JsonElement json, Field valueField, string path, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries)
    {
        var offsets = ReadOffsets(json, slots.Length, path);
        var child = ReadOnlyChild(json, valueField, path, dictionaries);
        for (var i = 0; i < slots.Length; i++)
        {
            if (!validity[i])
                continue;
            if (offsets[i] < 0 || offsets[i] > offsets[i + 1] || offsets[i + 1] > child.Length)
                throw Invalid($"{path} OFFSET[{i}]", $"list [{offsets[i]}, {offsets[i + 1]}) is not inside the {child.Length} child values");
            slots[i] = new ListValue(child[(int)offsets[i]..(int)offsets[i + 1]]);
        }
    }

    private static void FillFixedSizeLists(SlotValue?[] slots, bool[] validity, JsonElement json, FixedSizeListType type, string path, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries)
    {
        var child = ReadOnlyChild(json, type.ValueField, path, dictionaries);
        if (child.Length != (long)slots.Length * type.ListSize)
            throw Invalid(path, $"child has {child.Length} values, expected {slots.Length} lists of {type.ListSize}");
        for (var i = 0; i < slots.Length; i++)
        {
            if (validity[i])
                slots[i] = new ListValue(child[(i * type.ListSize)..((i + 1) * type.ListSize)]);
        }
    }

    private static void FillStructs(SlotValue?[] slots, bool[] validity, JsonElement json, StructType type, string path, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries)
    {
        var childrenJson = Array(json, "children", type.Fields.Count, path).EnumerateArray().ToList();
        var members = new SlotValue?[type.Fields.Count][];
        for (var j = 0; j < members.Length; j++)
        {
            members[j] = ReadColumn(childrenJson[j], type.Fields[j], $"{path}.{type.Fields[j].Name}", dictionaries);
            if (members[j].Length != slots.Length)
                throw Invalid($"{path}.{type.Fields[j].Name}", $"count is {members[j].Length}, the struct has {slots.Length}");
        }
        for (var i = 0; i < slots.Length; i++)
        {
            if (validity[i])
                slots[i] = new StructValue(members.Select(m => m[i]).ToArray());
        }
    }

    private static SlotValue?[] ReadOnlyChild(JsonElement json, Field valueField, string path, IReadOnlyDictionary<Field, SlotValue?[]> dictionaries) =>
        ReadColumn(Array(json, "children", 1, path)[0], valueField, $"{path}.{valueField.Name}", dictionaries);

    /// <summary>DATA holds indices; a valid slot is its index and the dictionary value there (which may itself be null).</summary>
    private static void FillDictionary(SlotValue?[] slots, bool[] validity, JsonElement json, SlotValue?[] dictionary, DictionaryType type, string path) =>
        Fill(slots, validity, Data(json, slots.Length, path), (v, i) =>
        {
            var index = (long)ReadInteger(v, type.IndexType.BitWidth, type.IndexType.IsSigned, $"{path} DATA[{i}]");
            if (index < 0 || index >= dictionary.Length)
                throw Invalid($"{path} DATA[{i}]", $"index {index} is outside the dictionary of {dictionary.Length} values");
            return new DictionaryEntryValue(index, dictionary[index]);
        });

    /// <summary>A decimal's unscaled integer, written in the JSON as a decimal string.</summary>
    private static DecimalValue ReadDecimal(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String || !System.Numerics.BigInteger.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unscaled))
            throw Invalid(path, $"expected a decimal string of the unscaled value, found {value.GetRawText()}");
        return new DecimalValue(unscaled);
    }

    /// <summary>Count + 1 offsets; 32-bit ones are numbers, 64-bit ones strings (either is accepted).</summary>
    private static long[] ReadOffsets(JsonElement json, int count, string path) =>
        Array(json, "OFFSET", count + 1, path).EnumerateArray()
            .Select((v, i) => (long)ReadInteger(v, 64, isSigned: true, $"{path} OFFSET[{i}]"))
            .ToArray();

    private static bool ReadBoolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.GetRawText() is "0" or "1" => value.GetRawText() == "1",
        _ => throw Invalid(path, $"expected a boolean, found {value.GetRawText()}"),
    };

    /// <summary>A JSON number or (for 64-bit values) a decimal string, range-checked against the type.</summary>
    public static Int128 ReadInteger(JsonElement value, int bitWidth, bool isSigned, string path)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw Invalid(path, $"expected an integer, found {value.ValueKind}"),
        };
        if (!Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
            throw Invalid(path, $"'{text}' is not an integer");
        var min = isSigned ? -(Int128.One << (bitWidth - 1)) : Int128.Zero;
        var max = isSigned ? (Int128.One << (bitWidth - 1)) - 1 : (Int128.One << bitWidth) - 1;
        if (result < min || result > max)
            throw Invalid(path, $"{text} does not fit a {(isSigned ? "" : "u")}int{bitWidth}");
        return result;
    }

    /// <summary>
    /// The JSON number as a double, then rounded to the column's precision — what Arrow C++ does
    /// when it builds the golden stream from this JSON (static_cast of the parsed double).
    /// </summary>
    private static FloatValue ReadFloat(JsonElement value, FloatPrecision precision, string path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
            throw Invalid(path, $"expected a number, found {value.GetRawText()}");
        return precision switch
        {
            FloatPrecision.Half => FloatValue.Of((Half)number),
            FloatPrecision.Single => FloatValue.Of((float)number),
            _ => FloatValue.Of(number),
        };
    }

    private static byte[] ReadHex(string text, string path)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Invalid(path, $"'{text}' is not hex-encoded bytes");
        }
    }
}

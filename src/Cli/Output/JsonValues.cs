using System.Text.Json;
using Quiver.Arrow.Arrays;

namespace Quiver.Cli.Output;

/// <summary>
/// Writes one value of an Arrow array as JSON, for <c>quiver echo</c>: structs as objects, lists
/// as arrays, maps as arrays of {key, value}, timestamps as ISO 8601 text, decimals as text (no
/// precision lost), and binary longer than <paramref name="bytesShown"/> as its length and first bytes.
/// </summary>
internal sealed class JsonValues(int bytesShown)
{
    /// <summary>A writer that leaves non-ASCII text and characters such as '+' readable: the output goes to a terminal or a script, never into HTML.</summary>
    public static Utf8JsonWriter CreateWriter(Stream stream, bool indented = false) =>
        new(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Write(Utf8JsonWriter json, ArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            json.WriteNullValue();
            return;
        }
        switch (array)
        {
            case BooleanArray booleans: json.WriteBooleanValue(booleans.GetValue(index)); break;
            case PrimitiveArray<sbyte> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<short> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<int> values and not Date32Array and not Time32Array: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<byte> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<ushort> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<uint> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<ulong> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<Half> values: WriteFloat(json, (double)values.GetValue(index)); break;
            case PrimitiveArray<float> values: WriteFloat(json, values.GetValue(index)); break;
            case PrimitiveArray<double> values: WriteFloat(json, values.GetValue(index)); break;
            case TimestampArray timestamps: WriteTimestamp(json, timestamps, index); break;
            case Date32Array dates: WriteDate(json, () => dates.GetDate(index).ToString("yyyy-MM-dd"), dates.GetValue(index)); break;
            case Date64Array dates: WriteDate(json, () => DateOnly.FromDateTime(dates.GetDateTime(index)).ToString("yyyy-MM-dd"), dates.GetValue(index)); break;
            // Durations and times of day: the integer in the field's unit, exact at any range.
            case PrimitiveArray<long> values: json.WriteNumberValue(values.GetValue(index)); break;
            case PrimitiveArray<int> values: json.WriteNumberValue(values.GetValue(index)); break;
            case StringArray strings: json.WriteStringValue(strings.GetString(index)); break;
            case LargeStringArray strings: json.WriteStringValue(strings.GetString(index)); break;
            case BinaryArray binary: WriteBytes(json, binary.GetBytes(index)); break;
            case LargeBinaryArray binary: WriteBytes(json, binary.GetBytes(index)); break;
            case FixedSizeBinaryArray binary: WriteBytes(json, binary.GetBytes(index)); break;
            case DecimalArray decimals: json.WriteStringValue(decimals.GetText(index)); break;
            case DictionaryArray dictionary: Write(json, dictionary.Dictionary, dictionary.GetDictionaryIndex(index)); break;
            case StructArray structs: WriteStruct(json, structs, index); break;
            case ListArray list: WriteItems(json, list.GetList(index)); break;
            case LargeListArray list: WriteItems(json, list.GetList(index)); break;
            case FixedSizeListArray list: WriteItems(json, list.GetList(index)); break;
            case MapArray map: WriteMap(json, map, index); break;
            default: json.WriteNullValue(); break;
        }
    }

    public void WriteStruct(Utf8JsonWriter json, StructArray structs, int index)
    {
        json.WriteStartObject();
        for (var field = 0; field < structs.StructType.Fields.Count; field++)
        {
            json.WritePropertyName(structs.StructType.Fields[field].Name);
            Write(json, structs.Field(field), index);
        }
        json.WriteEndObject();
    }

    private void WriteItems(Utf8JsonWriter json, ArrowArray items)
    {
        json.WriteStartArray();
        for (var item = 0; item < items.Length; item++)
            Write(json, items, item);
        json.WriteEndArray();
    }

    private void WriteMap(Utf8JsonWriter json, MapArray map, int index)
    {
        var (start, end) = map.GetRange(index);
        json.WriteStartArray();
        for (var entry = start; entry < end; entry++)
        {
            json.WriteStartObject();
            json.WritePropertyName("key");
            Write(json, map.Keys, entry);
            json.WritePropertyName("value");
            Write(json, map.Items, entry);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Short binary as hex; longer as {"length": n, "first": hex of the first bytes}, so a 6 MB frame prints as one line.</summary>
    private void WriteBytes(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= bytesShown)
        {
            json.WriteStringValue(Convert.ToHexStringLower(bytes));
            return;
        }
        json.WriteStartObject();
        json.WriteNumber("length", bytes.Length);
        json.WriteString("first", Convert.ToHexStringLower(bytes[..bytesShown]));
        json.WriteEndObject();
    }

    // JSON has no NaN or infinity; they are written as the strings .NET and Python print for them.
    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumberValue(value);
        else
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    // A timestamp outside DateTimeOffset's years 1 to 9999 stays the integer it is.
    private static void WriteTimestamp(Utf8JsonWriter json, TimestampArray timestamps, int index)
    {
        try
        {
            json.WriteStringValue(timestamps.GetDateTimeOffset(index).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz"));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or Arrow.ArrowFormatException)
        {
            json.WriteNumberValue(timestamps.GetValue(index));
        }
    }

    private static void WriteDate(Utf8JsonWriter json, Func<string> text, long raw)
    {
        try
        {
            json.WriteStringValue(text());
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or Arrow.ArrowFormatException)
        {
            json.WriteNumberValue(raw);
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Tooling;

/// <summary>
/// The JSON form in which the interop tests compare values across implementations (the same rules
/// as JavaScript/canonical.mjs): null; bool; numbers for integers up to 32 bits, date32 and
/// time32; decimal strings for every 64-bit integer (int64, uint64, date64, time64, timestamp,
/// duration); numbers for floats except "NaN", "Infinity", "-Infinity", "-0"; strings; lowercase
/// hex for binary kinds; arrays for lists; objects for structs; the exact decimal text for decimals
/// ("-123.45"); arrays of {key, value} objects for maps; the value itself for dictionary-encoded
/// slots. A document is
/// <c>{ "schema": [{ name, type, nullable }], "batches": [{ "length", "columns": { name: [values] } }] }</c>
/// with types spelled as Arrow C++ prints them.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The document for batches given as C# values (see <see cref="TestBatches"/>), built without Quiver's readers.</summary>
    public static JsonObject FromValues(Schema schema, IEnumerable<IReadOnlyList<object?>[]> batches) => Document(
        schema,
        batches.Select(columns => (
            columns.Length == 0 ? 0 : columns[0].Count,
            columns.Select((values, k) => new JsonArray(values.Select(v => FromValue(schema.Fields[k].Type, v)).ToArray())).ToList())));

    /// <summary>The document for batches as Quiver's views read them.</summary>
    public static JsonObject FromBatches(Schema schema, IEnumerable<RecordBatch> batches) => Document(
        schema,
        batches.Select(batch => (
            batch.Length,
            batch.Columns.Select(column => new JsonArray(Enumerable.Range(0, column.Length).Select(i => FromSlot(column, i)).ToArray())).ToList())));

    public static JsonArray DescribeSchema(Schema schema) => new(schema.Fields
        .Select(field => (JsonNode)new JsonObject { ["name"] = field.Name, ["type"] = field.Type.ToString(), ["nullable"] = field.Nullable })
        .ToArray());

    public static JsonNode? FromValue(ArrowType type, object? value) => value switch
    {
        null => null,
        bool flag => flag,
        sbyte or byte or short or ushort or int or uint => JsonValue.Create(Convert.ToInt64(value)),
        long number => number.ToString(),
        ulong number => number.ToString(),
        Half number => Float((double)number),
        float number => Float(number),
        double number => Float(number),
        string text => text,
        byte[] bytes => Convert.ToHexStringLower(bytes),
        System.Numerics.BigInteger unscaled when type is DecimalType decimalType => Decimal(unscaled, decimalType.Scale),
        IEnumerable<object?> items when type is StructType structType =>
            new JsonObject(structType.Fields.Zip(items, (field, item) => KeyValuePair.Create(field.Name, FromValue(field.Type, item)))),
        IEnumerable<object?> items => new JsonArray(items.Select(item => FromValue(type.Children[0].Type, item)).ToArray()),
        _ => throw new ArgumentException($"No canonical form for a {value.GetType().Name} in a {type} column.", nameof(value)),
    };

    public static JsonNode? FromSlot(ArrowArray array, int index)
    {
        if (array is NullArray || array.IsNull(index))
            return null;
        return array switch
        {
            BooleanArray a => a.GetValue(index),
            PrimitiveArray<sbyte> a => a.GetValue(index),
            PrimitiveArray<short> a => a.GetValue(index),
            PrimitiveArray<int> a => a.GetValue(index),
            PrimitiveArray<byte> a => a.GetValue(index),
            PrimitiveArray<ushort> a => a.GetValue(index),
            PrimitiveArray<uint> a => a.GetValue(index),
            PrimitiveArray<long> a => a.GetValue(index).ToString(),
            PrimitiveArray<ulong> a => a.GetValue(index).ToString(),
            PrimitiveArray<Half> a => Float((double)a.GetValue(index)),
            PrimitiveArray<float> a => Float(a.GetValue(index)),
            PrimitiveArray<double> a => Float(a.GetValue(index)),
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            BinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            LargeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            FixedSizeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            ListArray a => Items(a.GetList(index)),
            LargeListArray a => Items(a.GetList(index)),
            FixedSizeListArray a => Items(a.GetList(index)),
            StructArray a => new JsonObject(a.StructType.Fields.Select((field, k) => KeyValuePair.Create(field.Name, FromSlot(a.Field(k), index)))),
            DecimalArray a => Decimal(a.GetUnscaled(index), a.DecimalType.Scale),
            MapArray a => new JsonArray(Enumerable.Range(a.GetRange(index).Start, a.GetRange(index).End - a.GetRange(index).Start).Select(e => FromSlot(a.Entries, e)).ToArray()),
            DictionaryArray a => FromSlot(a.Dictionary, a.GetDictionaryIndex(index)),
            _ => throw new ArgumentException($"No canonical form for {array.Type}.", nameof(array)),
        };
    }

    /// <summary>Fails with the JSON path of the first difference; numbers compare by value, objects by key.</summary>
    public static void AssertEqual(JsonNode? expected, JsonNode? actual)
    {
        var difference = FirstDifference(expected, actual, "$");
        if (difference is not null)
        {
            Assert.Fail($"{difference}{Environment.NewLine}expected: {Abbreviate(expected)}{Environment.NewLine}actual:   {Abbreviate(actual)}");
        }
    }

    private static JsonObject Document(Schema schema, IEnumerable<(int Length, List<JsonArray> Columns)> batches) => new()
    {
        ["schema"] = DescribeSchema(schema),
        ["batches"] = new JsonArray(batches.Select(batch => (JsonNode)new JsonObject
        {
            ["length"] = batch.Length,
            ["columns"] = new JsonObject(schema.Fields.Select((field, k) => KeyValuePair.Create(field.Name, (JsonNode?)batch.Columns[k]))),
        }).ToArray()),
    };

    /// <summary>The exact decimal text, written here rather than by Quiver's conversion: unscaled 12345 at scale 2 is "123.45".</summary>
    public static JsonNode Decimal(System.Numerics.BigInteger unscaled, int scale)
    {
        var digits = System.Numerics.BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return (unscaled.Sign < 0 ? "-" : "") + text;
    }

    public static JsonNode Float(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        0 when double.IsNegative(value) => "-0",
        _ => JsonValue.Create(value),
    };

    private static JsonArray Items(ArrowArray list) => new(Enumerable.Range(0, list.Length).Select(i => FromSlot(list, i)).ToArray());

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (null, _) or (_, null):
                return $"at {path}: expected {Abbreviate(expected)} but found {Abbreviate(actual)}";
            case (JsonObject e, JsonObject a):
                var missing = e.Select(p => p.Key).Except(a.Select(p => p.Key)).ToList();
                var extra = a.Select(p => p.Key).Except(e.Select(p => p.Key)).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                    return $"at {path}: keys missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]";
                return e.Select(p => FirstDifference(p.Value, a[p.Key], $"{path}.{p.Key}")).FirstOrDefault(d => d is not null);
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    return $"at {path}: expected {e.Count} items but found {a.Count}";
                return e.Select((item, i) => FirstDifference(item, a[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case (JsonValue e, JsonValue a):
                return SameValue(e, a) ? null : $"at {path}: expected {Abbreviate(e)} but found {Abbreviate(a)}";
            default:
                return $"at {path}: expected {Abbreviate(expected)} but found {Abbreviate(actual)}";
        }
    }

    private static bool SameValue(JsonValue expected, JsonValue actual)
    {
        var kind = expected.GetValueKind();
        if (kind != actual.GetValueKind())
            return false;
        return kind switch
        {
            JsonValueKind.Number => NumberOf(expected) == NumberOf(actual),
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            _ => true,
        };
    }

    // Through the JSON text: a JsonValue built from a C# long does not convert to double itself.
    private static double NumberOf(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Abbreviate(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 2000 ? text : text[..2000] + "...";
    }
}

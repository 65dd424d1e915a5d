using System.Numerics;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Quiver.Interop.Tests.Tooling;
using A = Apache.Arrow.Types;
using Q = Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.ApacheArrow;

/// <summary>
/// The canonical JSON of <see cref="CanonicalJson"/> for batches as Apache.Arrow's own arrays read
/// them, so values and types are compared with what Quiver was given without Quiver's readers.
/// Types are spelled through the Quiver type that names the same Arrow type.
/// </summary>
internal static class ApacheArrowCanonicalJson
{
    public static JsonObject FromBatches(Apache.Arrow.Schema schema, IEnumerable<Apache.Arrow.RecordBatch> batches) => new()
    {
        ["schema"] = CanonicalJson.DescribeSchema(new Quiver.Arrow.Schema(schema.FieldsList.Select(Field))),
        ["batches"] = new JsonArray(batches.Select(batch => (JsonNode)new JsonObject
        {
            ["length"] = batch.Length,
            ["columns"] = new JsonObject(schema.FieldsList.Select((field, k) => KeyValuePair.Create(field.Name, (JsonNode?)Values(batch.Column(k))))),
        }).ToArray()),
    };

    private static Quiver.Arrow.Field Field(Apache.Arrow.Field field) => new(field.Name, Type(field.DataType), field.IsNullable);

    private static Q.ArrowType Type(A.IArrowType type) => type switch
    {
        A.NullType => Q.NullType.Default,
        A.BooleanType => Q.BooleanType.Default,
        A.IntegerType integer => new Q.IntType(integer.BitWidth, integer.IsSigned),
        A.HalfFloatType => Q.FloatingPointType.Float16,
        A.FloatType => Q.FloatingPointType.Float32,
        A.DoubleType => Q.FloatingPointType.Float64,
        A.StringType => Q.Utf8Type.Default,
        A.LargeStringType => Q.LargeUtf8Type.Default,
        A.BinaryType => Q.BinaryType.Default,
        A.LargeBinaryType => Q.LargeBinaryType.Default,
        // Apache.Arrow's decimal types derive from its fixed-size binary type.
        A.Decimal128Type dec => new Q.DecimalType(dec.Precision, dec.Scale, 128),
        A.Decimal256Type dec => new Q.DecimalType(dec.Precision, dec.Scale, 256),
        A.FixedSizeBinaryType fixedSize => new Q.FixedSizeBinaryType(fixedSize.ByteWidth),
        A.Date32Type => Q.DateType.Date32,
        A.Date64Type => Q.DateType.Date64,
        A.Time32Type time => new Q.TimeType(Unit(time.Unit), 32),
        A.Time64Type time => new Q.TimeType(Unit(time.Unit), 64),
        A.TimestampType timestamp => new Q.TimestampType(Unit(timestamp.Unit), timestamp.Timezone),
        A.DurationType duration => new Q.DurationType(Unit(duration.Unit)),
        A.ListType list => new Q.ListType(Field(list.ValueField)),
        A.LargeListType list => new Q.LargeListType(Field(list.ValueField)),
        A.FixedSizeListType list => new Q.FixedSizeListType(Field(list.ValueField), list.ListSize),
        A.StructType structType => new Q.StructType(structType.Fields.Select(Field)),
        A.MapType map => new Q.MapType(Field(map.Fields[0]), map.KeySorted),
        A.DictionaryType dictionary => new Q.DictionaryType((Q.IntType)Type(dictionary.IndexType), Type(dictionary.ValueType), dictionary.Ordered),
        _ => throw new ArgumentException($"No Quiver type for Apache.Arrow's {type.Name}.", nameof(type)),
    };

    private static int DictionaryIndex(IArrowArray indices, int index) => checked((int)(indices switch
    {
        PrimitiveArray<sbyte> a => a.GetValue(index)!.Value,
        PrimitiveArray<short> a => a.GetValue(index)!.Value,
        PrimitiveArray<int> a => a.GetValue(index)!.Value,
        PrimitiveArray<long> a => a.GetValue(index)!.Value,
        PrimitiveArray<byte> a => a.GetValue(index)!.Value,
        PrimitiveArray<ushort> a => a.GetValue(index)!.Value,
        PrimitiveArray<uint> a => a.GetValue(index)!.Value,
        PrimitiveArray<ulong> a => (long)a.GetValue(index)!.Value,
        _ => throw new ArgumentException($"Dictionary indices of Apache.Arrow's {indices.GetType().Name} are not integers.", nameof(indices)),
    }));

    private static Q.TimeUnit Unit(A.TimeUnit unit) => unit switch
    {
        A.TimeUnit.Second => Q.TimeUnit.Second,
        A.TimeUnit.Millisecond => Q.TimeUnit.Millisecond,
        A.TimeUnit.Microsecond => Q.TimeUnit.Microsecond,
        A.TimeUnit.Nanosecond => Q.TimeUnit.Nanosecond,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, null),
    };

    private static JsonArray Values(IArrowArray array) => new(Enumerable.Range(0, array.Length).Select(i => Slot(array, i)).ToArray());

    private static JsonNode? Slot(IArrowArray array, int index)
    {
        if (array is NullArray || array.IsNull(index))
            return null;
        return array switch
        {
            BooleanArray a => a.GetValue(index)!.Value,
            PrimitiveArray<sbyte> a => a.GetValue(index)!.Value,
            PrimitiveArray<short> a => a.GetValue(index)!.Value,
            PrimitiveArray<int> a => a.GetValue(index)!.Value,
            PrimitiveArray<byte> a => a.GetValue(index)!.Value,
            PrimitiveArray<ushort> a => a.GetValue(index)!.Value,
            PrimitiveArray<uint> a => a.GetValue(index)!.Value,
            PrimitiveArray<long> a => a.GetValue(index)!.Value.ToString(),
            PrimitiveArray<ulong> a => a.GetValue(index)!.Value.ToString(),
            PrimitiveArray<Half> a => CanonicalJson.Float((double)a.GetValue(index)!.Value),
            PrimitiveArray<float> a => CanonicalJson.Float(a.GetValue(index)!.Value),
            PrimitiveArray<double> a => CanonicalJson.Float(a.GetValue(index)!.Value),
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            Decimal128Array a => CanonicalJson.Decimal(new BigInteger(a.GetBytes(index), isUnsigned: false, isBigEndian: false), a.Scale),
            Decimal256Array a => CanonicalJson.Decimal(new BigInteger(a.GetBytes(index), isUnsigned: false, isBigEndian: false), a.Scale),
            BinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            LargeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(index)),
            // A map array is a list array of its entries: {key, value} objects, as canonical JSON has them.
            MapArray a => Values(a.GetSlicedValues(index)),
            ListArray a => Values(a.GetSlicedValues(index)),
            LargeListArray a => Values(a.GetSlicedValues(index)),
            FixedSizeListArray a => Values(a.GetSlicedValues(index)),
            DictionaryArray a => Slot(a.Dictionary, DictionaryIndex(a.Indices, index)),
            StructArray a => new JsonObject(((A.StructType)a.Data.DataType).Fields.Select((field, k) => KeyValuePair.Create(field.Name, Slot(a.Fields[k], index)))),
            _ => throw new ArgumentException($"No canonical form for Apache.Arrow's {array.GetType().Name}.", nameof(array)),
        };
    }
}

namespace Quiver.Arrow.Ipc;

// Slot numbers (declaration order of each table's fields) and enum values of Arrow's
// Message.fbs and Schema.fbs. A union occupies two slots: its type tag, then its value.

internal static class MessageSlots
{
    public const int Version = 0, HeaderType = 1, Header = 2, BodyLength = 3, CustomMetadata = 4, Count = 5;
}

internal static class SchemaSlots
{
    public const int Endianness = 0, Fields = 1, CustomMetadata = 2, Features = 3, Count = 4;
}

internal static class FieldSlots
{
    public const int Name = 0, Nullable = 1, TypeType = 2, Type = 3, Dictionary = 4, Children = 5, CustomMetadata = 6, Count = 7;
}

internal static class KeyValueSlots
{
    public const int Key = 0, Value = 1, Count = 2;
}

internal static class RecordBatchSlots
{
    public const int Length = 0, Nodes = 1, Buffers = 2, Compression = 3, VariadicBufferCounts = 4, Count = 5;

    /// <summary>FieldNode { length: long; null_count: long } and Buffer { offset: long; length: long }.</summary>
    public const int StructSize = 16;
}

internal static class DictionaryEncodingSlots
{
    public const int Id = 0, IndexType = 1, IsOrdered = 2, DictionaryKind = 3, Count = 4;
}

internal static class DictionaryBatchSlots
{
    public const int Id = 0, Data = 1, IsDelta = 2, Count = 3;
}

internal static class BodyCompressionSlots
{
    public const int Codec = 0, Method = 1, Count = 2;
}

/// <summary>Message.fbs's <c>CompressionType</c>: the codec of a compressed body's buffers.</summary>
internal enum BodyCompressionCodec : byte
{
    Lz4Frame = 0,
    Zstd = 1,
}

/// <summary>Slots of the type tables (Int, Time, ...); each table lists its own.</summary>
internal static class TypeSlots
{
    public const int IntBitWidth = 0, IntIsSigned = 1, IntCount = 2;
    public const int FloatingPointPrecision = 0, FloatingPointCount = 1;
    public const int DecimalPrecision = 0, DecimalScale = 1, DecimalBitWidth = 2, DecimalCount = 3;
    public const int MapKeysSorted = 0, MapCount = 1;
    public const int DateUnit = 0, DateCount = 1;
    public const int TimeUnit = 0, TimeBitWidth = 1, TimeCount = 2;
    public const int TimestampUnit = 0, TimestampTimezone = 1, TimestampCount = 2;
    public const int IntervalUnit = 0;
    public const int UnionMode = 0;
    public const int FixedSizeBinaryByteWidth = 0, FixedSizeBinaryCount = 1;
    public const int FixedSizeListListSize = 0, FixedSizeListCount = 1;
    public const int DurationUnit = 0, DurationCount = 1;
}

internal enum MetadataVersion : short
{
    V1 = 0,
    V2 = 1,
    V3 = 2,
    V4 = 3,
    V5 = 4,
}

internal enum MessageHeaderType : byte
{
    None = 0,
    Schema = 1,
    DictionaryBatch = 2,
    RecordBatch = 3,
    Tensor = 4,
    SparseTensor = 5,
}

/// <summary>The tags of Schema.fbs's <c>Type</c> union.</summary>
internal enum TypeTag : byte
{
    None = 0,
    Null = 1,
    Int = 2,
    FloatingPoint = 3,
    Binary = 4,
    Utf8 = 5,
    Bool = 6,
    Decimal = 7,
    Date = 8,
    Time = 9,
    Timestamp = 10,
    Interval = 11,
    List = 12,
    Struct = 13,
    Union = 14,
    FixedSizeBinary = 15,
    FixedSizeList = 16,
    Map = 17,
    Duration = 18,
    LargeBinary = 19,
    LargeUtf8 = 20,
    LargeList = 21,
    RunEndEncoded = 22,
    BinaryView = 23,
    Utf8View = 24,
    ListView = 25,
    LargeListView = 26,
}

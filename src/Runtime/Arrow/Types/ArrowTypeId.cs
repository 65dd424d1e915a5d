namespace Quiver.Arrow.Types;

/// <summary>The Arrow logical types Quiver implements.</summary>
public enum ArrowTypeId
{
    Null,
    Boolean,
    Int,
    FloatingPoint,
    Utf8,
    Binary,
    LargeUtf8,
    LargeBinary,
    FixedSizeBinary,
    Date,
    Time,
    Timestamp,
    Duration,
    List,
    LargeList,
    FixedSizeList,
    Struct,
    Decimal,
    Map,
    Dictionary,
}

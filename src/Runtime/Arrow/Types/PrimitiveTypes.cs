namespace Quiver.Arrow.Types;

public sealed record NullType : ArrowType
{
    public static readonly NullType Default = new();
    public override ArrowTypeId Id => ArrowTypeId.Null;
    public override int BufferCount => 0;
    public override string ToString() => "null";
}

public sealed record BooleanType : ArrowType
{
    public static readonly BooleanType Default = new();
    public override ArrowTypeId Id => ArrowTypeId.Boolean;
    public override int BufferCount => 2;
    public override long FixedBitWidth => 1;
    public override string ToString() => "bool";
}

public sealed record IntType : ArrowType
{
    public static readonly IntType Int8 = new(8, true);
    public static readonly IntType Int16 = new(16, true);
    public static readonly IntType Int32 = new(32, true);
    public static readonly IntType Int64 = new(64, true);
    public static readonly IntType UInt8 = new(8, false);
    public static readonly IntType UInt16 = new(16, false);
    public static readonly IntType UInt32 = new(32, false);
    public static readonly IntType UInt64 = new(64, false);

    public IntType(int bitWidth, bool isSigned)
    {
        if (bitWidth is not (8 or 16 or 32 or 64))
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "Arrow integers are 8, 16, 32 or 64 bits wide.");
        BitWidth = bitWidth;
        IsSigned = isSigned;
    }

    public int BitWidth { get; }
    public bool IsSigned { get; }
    public override ArrowTypeId Id => ArrowTypeId.Int;
    public override int BufferCount => 2;
    public override long FixedBitWidth => BitWidth;
    public override string ToString() => (IsSigned ? "int" : "uint") + BitWidth;
}

public sealed record FloatingPointType(FloatPrecision Precision) : ArrowType
{
    public static readonly FloatingPointType Float16 = new(FloatPrecision.Half);
    public static readonly FloatingPointType Float32 = new(FloatPrecision.Single);
    public static readonly FloatingPointType Float64 = new(FloatPrecision.Double);

    public override ArrowTypeId Id => ArrowTypeId.FloatingPoint;
    public override int BufferCount => 2;
    public override long FixedBitWidth => Precision switch
    {
        FloatPrecision.Half => 16,
        FloatPrecision.Single => 32,
        _ => 64,
    };
    public override string ToString() => Precision switch
    {
        FloatPrecision.Half => "halffloat",
        FloatPrecision.Single => "float",
        _ => "double",
    };
}

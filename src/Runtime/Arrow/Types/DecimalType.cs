namespace Quiver.Arrow.Types;

/// <summary>
/// Exact decimals: a signed two's-complement integer of <see cref="BitWidth"/> bits (128 or 256),
/// the unscaled value, read as value × 10^-<see cref="Scale"/>, with at most
/// <see cref="Precision"/> decimal digits.
/// </summary>
public sealed record DecimalType : ArrowType
{
    /// <summary>The most digits a decimal128 holds; wider precisions need decimal256.</summary>
    public const int MaxPrecision128 = 38;

    /// <summary>The most digits a decimal256 holds.</summary>
    public const int MaxPrecision256 = 76;

    public DecimalType(int precision, int scale, int bitWidth = 128)
    {
        if (bitWidth is not (128 or 256))
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "Quiver's decimals are 128 or 256 bits wide.");
        var max = MaxPrecision(bitWidth);
        if (precision < 1 || precision > max)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"A decimal{bitWidth} has a precision of 1 to {max}.");
        Precision = precision;
        Scale = scale;
        BitWidth = bitWidth;
    }

    /// <summary>decimal128 for up to 38 digits, decimal256 beyond.</summary>
    public static DecimalType Of(int precision, int scale) => new(precision, scale, precision > MaxPrecision128 ? 256 : 128);

    public static int MaxPrecision(int bitWidth) => bitWidth == 128 ? MaxPrecision128 : MaxPrecision256;

    public int Precision { get; }
    public int Scale { get; }
    public int BitWidth { get; }
    public override ArrowTypeId Id => ArrowTypeId.Decimal;
    public override int BufferCount => 2;
    public override long FixedBitWidth => BitWidth;
    public override string ToString() => $"decimal{BitWidth}({Precision}, {Scale})";
}

using System.Globalization;
using System.Numerics;

namespace Quiver.Arrow.Decimals;

/// <summary>
/// Conversions between Arrow's decimals (a two's-complement unscaled integer and a scale) and
/// .NET's <see cref="decimal"/>, <see cref="BigInteger"/> and text. Every conversion is exact or
/// throws <see cref="OverflowException"/>: a decimal is never rounded on its way through Quiver.
/// </summary>
public static class DecimalValues
{
    private const int MaxDecimalScale = 28;
    private static readonly BigInteger DecimalMantissaLimit = BigInteger.One << 96;

    /// <summary>The unscaled integer of little-endian two's-complement <paramref name="bytes"/> (16 or 32 of them).</summary>
    public static BigInteger ReadUnscaled(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: false, isBigEndian: false);

    /// <summary>
    /// Writes <paramref name="unscaled"/> into <paramref name="destination"/> (16 or 32 bytes) as
    /// little-endian two's complement, after checking it has at most <paramref name="precision"/> digits.
    /// </summary>
    public static void WriteUnscaled(BigInteger unscaled, int precision, Span<byte> destination)
    {
        CheckPrecision(unscaled, precision);
        var fill = unscaled.Sign < 0 ? (byte)0xFF : (byte)0;
        destination.Fill(fill);
        if (!unscaled.TryWriteBytes(destination, out _, isUnsigned: false, isBigEndian: false))
            throw new OverflowException($"{unscaled} does not fit {destination.Length * 8} bits.");
    }

    /// <summary>Throws <see cref="OverflowException"/> when <paramref name="unscaled"/> has more than <paramref name="precision"/> digits.</summary>
    public static void CheckPrecision(BigInteger unscaled, int precision)
    {
        if (BigInteger.Abs(unscaled) >= BigInteger.Pow(10, precision))
            throw new OverflowException($"{unscaled} has more than the {precision} digits of its decimal type.");
    }

    /// <summary>The value as a .NET decimal; throws <see cref="OverflowException"/> when it has no exact one (scale beyond 0..28, or more than 96 bits).</summary>
    public static decimal ToDecimal(BigInteger unscaled, int scale)
    {
        if (scale < 0 || scale > MaxDecimalScale)
        {
            if (scale < 0 && scale >= -MaxDecimalScale)
                return ToDecimal(unscaled * BigInteger.Pow(10, -scale), 0);
            throw new OverflowException($"A decimal with scale {scale} has no exact .NET decimal (scales 0 to {MaxDecimalScale}).");
        }
        var magnitude = BigInteger.Abs(unscaled);
        if (magnitude >= DecimalMantissaLimit)
            throw new OverflowException($"{ToText(unscaled, scale)} has no exact .NET decimal (its unscaled value exceeds 96 bits).");
        var lo = (int)(uint)(magnitude & uint.MaxValue);
        var mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
        var hi = (int)(uint)(magnitude >> 64);
        return new decimal(lo, mid, hi, unscaled.Sign < 0, (byte)scale);
    }

    /// <summary>The unscaled integer of <paramref name="value"/> at <paramref name="scale"/>; throws <see cref="OverflowException"/> if that would drop a non-zero digit.</summary>
    public static BigInteger FromDecimal(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new BigInteger((uint)bits[0]) | new BigInteger((uint)bits[1]) << 32 | new BigInteger((uint)bits[2]) << 64;
        if (bits[3] < 0)
            mantissa = -mantissa;
        var ownScale = (bits[3] >> 16) & 0xFF;
        if (scale >= ownScale)
            return mantissa * BigInteger.Pow(10, scale - ownScale);
        var divisor = BigInteger.Pow(10, ownScale - scale);
        var quotient = BigInteger.DivRem(mantissa, divisor, out var remainder);
        if (!remainder.IsZero)
            throw new OverflowException($"{value.ToString(CultureInfo.InvariantCulture)} has more than {scale} digits after the point; Quiver does not round decimals.");
        return quotient;
    }

    /// <summary>The exact decimal text: <c>-123.45</c> for unscaled -12345 at scale 2, <c>12300</c> for 123 at scale -2.</summary>
    public static string ToText(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var sign = unscaled.Sign < 0 ? "-" : "";
        if (scale <= 0)
            return sign + digits + (unscaled.IsZero ? "" : new string('0', -scale));
        if (digits.Length <= scale)
            digits = new string('0', scale - digits.Length + 1) + digits;
        return sign + digits[..^scale] + "." + digits[^scale..];
    }
}

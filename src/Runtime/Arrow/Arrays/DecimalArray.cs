using System.Numerics;
using Quiver.Arrow.Decimals;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>decimal128 and decimal256 values: 16 or 32 bytes of little-endian two's-complement unscaled integer per slot.</summary>
public sealed class DecimalArray(ArrayData data) : ArrowArray(data)
{
    public DecimalType DecimalType => (DecimalType)Type;

    private int ByteWidth => DecimalType.BitWidth / 8;

    /// <summary>The stored bytes of slot <paramref name="index"/>, in place.</summary>
    public ReadOnlySpan<byte> GetBytes(int index)
    {
        CheckIndex(index);
        var width = ByteWidth;
        return Data.Buffers[1].Span.Slice((Data.Offset + index) * width, width);
    }

    /// <summary>The unscaled integer of slot <paramref name="index"/>, whatever its validity: the value is this × 10^-scale.</summary>
    public BigInteger GetUnscaled(int index) => DecimalValues.ReadUnscaled(GetBytes(index));

    /// <summary>The value as a .NET decimal; <see cref="OverflowException"/> when it has no exact one (more than 28 digits, or a scale beyond 0..28).</summary>
    public decimal GetDecimal(int index) => DecimalValues.ToDecimal(GetUnscaled(index), DecimalType.Scale);

    /// <summary>The value, or null for a null slot.</summary>
    public decimal? Get(int index) => IsValid(index) ? GetDecimal(index) : null;

    /// <summary>The exact decimal text (<c>-123.45</c>), or null for a null slot.</summary>
    public string? GetText(int index) => IsValid(index) ? DecimalValues.ToText(GetUnscaled(index), DecimalType.Scale) : null;
}

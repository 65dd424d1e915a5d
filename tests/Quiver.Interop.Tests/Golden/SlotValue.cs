using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// The content of one valid Arrow slot in a form both the integration JSON and a Quiver array
/// can be turned into, so the two are compared value by value (a null slot is a C# null).
/// Integer-like types (ints, dates, times, timestamps, durations) keep their raw stored count;
/// floats keep their exact bit pattern in their own precision; binary keeps its bytes.
/// </summary>
internal abstract record SlotValue
{
    /// <summary>How the value reads in a failure message.</summary>
    public abstract string Describe();

    public static string Describe(SlotValue? value) => value?.Describe() ?? "null";
}

internal sealed record BooleanValue(bool Value) : SlotValue
{
    public override string Describe() => Value ? "true" : "false";
}

/// <summary>Any integer-backed value; <see cref="Int128"/> holds every int64 and uint64 exactly.</summary>
internal sealed record IntegerValue(Int128 Value) : SlotValue
{
    public override string Describe() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A float by its bit pattern, so -0.0 differs from 0.0 and a value rounded differently is caught.
/// NaNs are equal whatever their payload (<see cref="SameAs"/>): Arrow does not define NaN payloads.
/// </summary>
internal sealed record FloatValue(FloatPrecision Precision, ulong Bits) : SlotValue
{
    public static FloatValue Of(Half value) => new(FloatPrecision.Half, BitConverter.HalfToUInt16Bits(value));
    public static FloatValue Of(float value) => new(FloatPrecision.Single, BitConverter.SingleToUInt32Bits(value));
    public static FloatValue Of(double value) => new(FloatPrecision.Double, BitConverter.DoubleToUInt64Bits(value));

    public double AsDouble => Precision switch
    {
        FloatPrecision.Half => (double)BitConverter.UInt16BitsToHalf((ushort)Bits),
        FloatPrecision.Single => BitConverter.UInt32BitsToSingle((uint)Bits),
        _ => BitConverter.UInt64BitsToDouble(Bits),
    };

    public bool SameAs(FloatValue other) =>
        Precision == other.Precision && (Bits == other.Bits || (double.IsNaN(AsDouble) && double.IsNaN(other.AsDouble)));

    public override string Describe()
    {
        var digits = Precision switch { FloatPrecision.Half => 4, FloatPrecision.Single => 8, _ => 16 };
        return $"{Precision} {AsDouble.ToString("R", CultureInfo.InvariantCulture)} (bits 0x{Bits.ToString($"X{digits}", CultureInfo.InvariantCulture)})";
    }
}

internal sealed record BytesValue(byte[] Value) : SlotValue
{
    public override string Describe() => $"0x{Convert.ToHexString(Value)} ({Value.Length} bytes)";
}

internal sealed record StringValue(string Value) : SlotValue
{
    // Quoted and escaped so whitespace and control characters show, but readable non-ASCII text stays as it is.
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string Describe() => JsonSerializer.Serialize(Value, Quoting);
}

/// <summary>The items of one list (list, large_list or fixed_size_list slot).</summary>
internal sealed record ListValue(IReadOnlyList<SlotValue?> Items) : SlotValue
{
    public override string Describe() => $"list of {Items.Count}";
}

/// <summary>The members of one struct slot, in field order.</summary>
internal sealed record StructValue(IReadOnlyList<SlotValue?> Members) : SlotValue
{
    public override string Describe() => $"struct of {Members.Count} members";
}

/// <summary>A decimal by its unscaled integer (the scale is the column type's).</summary>
internal sealed record DecimalValue(System.Numerics.BigInteger Unscaled) : SlotValue
{
    public override string Describe() => $"unscaled {Unscaled.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A valid dictionary-encoded slot: its index and the dictionary value it points to, null when that value is null.</summary>
internal sealed record DictionaryEntryValue(long Index, SlotValue? Value) : SlotValue
{
    public override string Describe() => $"dictionary[{Index}] = {SlotValue.Describe(Value)}";
}

using Quiver.Arrow.Memory;

namespace Quiver.Arrow.Arrays;

/// <summary>Booleans packed one bit per value.</summary>
public sealed class BooleanArray(ArrayData data) : ArrowArray(data)
{
    public bool GetValue(int index)
    {
        CheckIndex(index);
        return BitUtil.GetBit(Data.Buffers[1].Span, Data.Offset + index);
    }

    public bool? Get(int index) => IsValid(index) ? GetValue(index) : null;
}

using System.Runtime.InteropServices;

namespace Quiver.Arrow.Arrays;

/// <summary>Fixed-width values read straight from the values buffer.</summary>
public class PrimitiveArray<T>(ArrayData data) : ArrowArray(data) where T : unmanaged
{
    /// <summary>The values of this view's window, null slots included (their content is unspecified).</summary>
    public ReadOnlySpan<T> Values => MemoryMarshal.Cast<byte, T>(Data.Buffers[1].Span).Slice(Data.Offset, Data.Length);

    /// <summary>The value in slot <paramref name="index"/>, whatever its validity.</summary>
    public T GetValue(int index)
    {
        CheckIndex(index);
        return MemoryMarshal.Cast<byte, T>(Data.Buffers[1].Span)[Data.Offset + index];
    }

    /// <summary>The value, or null for a null slot.</summary>
    public T? Get(int index) => IsValid(index) ? GetValue(index) : null;
}

using System.Runtime.InteropServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>Lists with 32-bit offsets; list i is <see cref="Values"/>[start..end) of <see cref="GetRange"/>.</summary>
public sealed class ListArray(ArrayData data) : ArrowArray(data)
{
    private ArrowArray? _values;

    /// <summary>The child array, unsliced: offsets index into it directly.</summary>
    public ArrowArray Values => _values ??= ArrowArrayFactory.Create(Data.Children[0]);

    internal override void Rebound() => _values?.Rebound();

    public ReadOnlySpan<int> ValueOffsets => Int32Offsets;

    public (int Start, int End) GetRange(int index) => Int32Range(index);

    /// <summary>List <paramref name="index"/> as its own view (allocates a view object).</summary>
    public ArrowArray GetList(int index)
    {
        var (start, end) = GetRange(index);
        return Values.Slice(start, end - start);
    }
}

/// <summary>Lists with 64-bit offsets.</summary>
public sealed class LargeListArray(ArrayData data) : ArrowArray(data)
{
    private ArrowArray? _values;

    public ArrowArray Values => _values ??= ArrowArrayFactory.Create(Data.Children[0]);

    internal override void Rebound() => _values?.Rebound();

    public ReadOnlySpan<long> ValueOffsets => Data.Length == 0 && Data.Buffers[1].IsEmpty
        ? default
        : MemoryMarshal.Cast<byte, long>(Data.Buffers[1].Span).Slice(Data.Offset, Data.Length + 1);

    public (int Start, int End) GetRange(int index)
    {
        CheckIndex(index);
        var offsets = MemoryMarshal.Cast<byte, long>(Data.Buffers[1].Span);
        // The validator bounded every offset by the child's int length, so the casts are exact.
        return ((int)offsets[Data.Offset + index], (int)offsets[Data.Offset + index + 1]);
    }

    public ArrowArray GetList(int index)
    {
        var (start, end) = GetRange(index);
        return Values.Slice(start, end - start);
    }
}

/// <summary>Lists of exactly <see cref="ListSize"/> values; list i is Values[i*size..(i+1)*size).</summary>
public sealed class FixedSizeListArray(ArrayData data) : ArrowArray(data)
{
    private ArrowArray? _values;

    public int ListSize => ((FixedSizeListType)Type).ListSize;

    /// <summary>The child array, unsliced.</summary>
    public ArrowArray Values => _values ??= ArrowArrayFactory.Create(Data.Children[0]);

    internal override void Rebound() => _values?.Rebound();

    public (int Start, int End) GetRange(int index)
    {
        CheckIndex(index);
        var start = (Data.Offset + index) * ListSize;
        return (start, start + ListSize);
    }

    public ArrowArray GetList(int index)
    {
        var (start, end) = GetRange(index);
        return Values.Slice(start, end - start);
    }
}

/// <summary>One child array per member; <see cref="Field(int)"/> returns it aligned with this view's slots.</summary>
public sealed class StructArray(ArrayData data) : ArrowArray(data)
{
    private ArrowArray?[]? _fields;

    public StructType StructType => (StructType)Type;

    public ArrowArray Field(int index)
    {
        _fields ??= new ArrowArray?[Data.Children.Length];
        return _fields[index] ??= ArrowArrayFactory.Create(Data.Children[index].Slice(Data.Offset, Data.Length));
    }

    internal override void Rebound()
    {
        if (_fields is null)
            return;
        for (var i = 0; i < _fields.Length; i++)
        {
            if (_fields[i] is not { } field)
                continue;
            field.Data.RebindSlice(Data.Children[i], Data.Offset, Data.Length);
            field.Rebound();
        }
    }

    public ArrowArray Field(string name)
    {
        var index = StructType.Fields.ToList().FindIndex(f => f.Name == name);
        if (index < 0)
            throw new KeyNotFoundException($"The struct has no field '{name}'.");
        return Field(index);
    }
}

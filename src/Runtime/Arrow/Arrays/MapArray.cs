using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>
/// Maps: map i is the entries [start, end) of <see cref="GetRange"/>, whose keys and values are
/// <see cref="Keys"/> and <see cref="Items"/> at the same positions. The validator has checked that
/// no entry and no key is null.
/// </summary>
public sealed class MapArray(ArrayData data) : ArrowArray(data)
{
    private StructArray? _entries;

    public MapType MapType => (MapType)Type;

    /// <summary>The entries struct, unsliced: offsets index into it directly.</summary>
    public StructArray Entries => _entries ??= new StructArray(Data.Children[0]);

    /// <summary>Every entry's key, aligned with <see cref="Entries"/>.</summary>
    public ArrowArray Keys => Entries.Field(0);

    /// <summary>Every entry's value, aligned with <see cref="Entries"/>.</summary>
    public ArrowArray Items => Entries.Field(1);

    internal override void Rebound() => _entries?.Rebound();

    public ReadOnlySpan<int> ValueOffsets => Int32Offsets;

    public (int Start, int End) GetRange(int index) => Int32Range(index);
}

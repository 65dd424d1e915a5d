namespace Quiver.Arrow.Builders;

/// <summary>
/// One array of a planned batch: its place in the depth-first node order, its length, the size
/// declared for it (value bytes of a string/binary, elements of a list, else 0) and where its
/// buffers start in the layout's buffer list.
/// </summary>
internal sealed class PlannedNode(Field field, string path, int index, int length, int declaredSize, int firstBuffer, PlannedNode[] children)
{
    public Field Field { get; } = field;
    public string Path { get; } = path;
    public int Index { get; } = index;
    public int Length { get; } = length;
    public int DeclaredSize { get; } = declaredSize;
    public int FirstBuffer { get; } = firstBuffer;
    public PlannedNode[] Children { get; } = children;

    /// <summary>Only nullable arrays get a validity bitmap; the null type has no buffers at all.</summary>
    public bool HasValidity => Field.Nullable && Field.Type.BufferCount > 0;
}

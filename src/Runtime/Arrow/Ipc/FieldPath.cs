namespace Quiver.Arrow.Ipc;

/// <summary>Where a field sits in a schema (<c>outer.inner.item</c>), built as a chain so messages pay for the text only when they are shown.</summary>
internal sealed class FieldPath(string name, FieldPath? parent)
{
    public override string ToString() => parent is null ? name : parent + "." + name;
}

namespace Quiver.Arrow.Arrays;

/// <summary>Every slot is null; there is no memory behind it.</summary>
public sealed class NullArray(ArrayData data) : ArrowArray(data);

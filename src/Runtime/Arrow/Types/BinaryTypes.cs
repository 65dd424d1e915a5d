namespace Quiver.Arrow.Types;

/// <summary>UTF-8 strings with 32-bit offsets.</summary>
public sealed record Utf8Type : ArrowType
{
    public static readonly Utf8Type Default = new();
    public override ArrowTypeId Id => ArrowTypeId.Utf8;
    public override int BufferCount => 3;
    public override string ToString() => "string";
}

/// <summary>Opaque bytes with 32-bit offsets.</summary>
public sealed record BinaryType : ArrowType
{
    public static readonly BinaryType Default = new();
    public override ArrowTypeId Id => ArrowTypeId.Binary;
    public override int BufferCount => 3;
    public override string ToString() => "binary";
}

/// <summary>UTF-8 strings with 64-bit offsets. Quiver reads them; its builders write <see cref="Utf8Type"/>.</summary>
public sealed record LargeUtf8Type : ArrowType
{
    public static readonly LargeUtf8Type Default = new();
    public override ArrowTypeId Id => ArrowTypeId.LargeUtf8;
    public override int BufferCount => 3;
    public override string ToString() => "large_string";
}

/// <summary>Opaque bytes with 64-bit offsets. Quiver reads them; its builders write <see cref="BinaryType"/>.</summary>
public sealed record LargeBinaryType : ArrowType
{
    public static readonly LargeBinaryType Default = new();
    public override ArrowTypeId Id => ArrowTypeId.LargeBinary;
    public override int BufferCount => 3;
    public override string ToString() => "large_binary";
}

public sealed record FixedSizeBinaryType : ArrowType
{
    public FixedSizeBinaryType(int byteWidth)
    {
        if (byteWidth < 0)
            throw new ArgumentOutOfRangeException(nameof(byteWidth), byteWidth, "A fixed-size binary width cannot be negative.");
        ByteWidth = byteWidth;
    }

    public int ByteWidth { get; }
    public override ArrowTypeId Id => ArrowTypeId.FixedSizeBinary;
    public override int BufferCount => 2;
    public override long FixedBitWidth => ByteWidth * 8L;
    public override string ToString() => $"fixed_size_binary[{ByteWidth}]";
}

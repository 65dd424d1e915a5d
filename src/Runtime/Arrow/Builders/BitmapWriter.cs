namespace Quiver.Arrow.Builders;

/// <summary>
/// Appends bits to an Arrow bitmap (least-significant bit first) so that every byte of the target
/// is stored exactly once: bits collect in a register and a byte is stored when it is full, or at
/// <see cref="Finish"/> for the last partial byte, whose unused high bits stay 0. The target may
/// hold old data, so nothing here reads it. Callers keep the bit count within the bitmap.
/// </summary>
internal struct BitmapWriter(Memory<byte> bitmap)
{
    private readonly Memory<byte> _bitmap = bitmap;
    private int _count;
    private int _setCount;
    private byte _pending;

    public readonly int UnsetCount => _count - _setCount;

    public readonly ReadOnlyMemory<byte> Bitmap => _bitmap;

    public void Append(bool value)
    {
        if (value)
        {
            _pending |= (byte)(1 << (_count & 7));
            _setCount++;
        }
        _count++;
        if ((_count & 7) == 0)
        {
            _bitmap.Span[(_count >> 3) - 1] = _pending;
            _pending = 0;
        }
    }

    public void AppendRun(bool value, int count)
    {
        for (; count > 0 && (_count & 7) != 0; count--)
            Append(value);
        var wholeBytes = count >> 3;
        if (wholeBytes > 0)
        {
            _bitmap.Span.Slice(_count >> 3, wholeBytes).Fill(value ? (byte)0xFF : (byte)0);
            _count += wholeBytes * 8;
            if (value)
                _setCount += wholeBytes * 8;
            count -= wholeBytes * 8;
        }
        for (; count > 0; count--)
            Append(value);
    }

    public readonly void Finish()
    {
        if ((_count & 7) != 0)
            _bitmap.Span[_count >> 3] = _pending;
    }
}

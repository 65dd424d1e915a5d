namespace Quiver.Arrow.Ipc.Flatbuffers;

/// <summary>
/// Bounds on the work one flatbuffer read may cause. A hostile buffer can make tables share
/// children (a DAG read as a tree grows exponentially) or point many fields at one long string,
/// so tables opened and string bytes decoded are both capped by amounts linear in the buffer's
/// size — far above what any honest writer produces, since every honest table and string
/// occupies its own bytes.
/// </summary>
internal struct FlatBufferLimits
{
    /// <summary>Tables deeper than this are refused; Arrow's schema nesting limit sits well inside it.</summary>
    public const int MaxDepth = 100;

    public int TablesLeft;
    public long StringBytesLeft;

    public static FlatBufferLimits For(int bufferLength) => new()
    {
        TablesLeft = bufferLength / 4 + 64,
        StringBytesLeft = 2L * bufferLength + 1024,
    };
}

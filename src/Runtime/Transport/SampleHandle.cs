using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>A received sample before any object is made for it; its segment is retained once for it until Release.</summary>
internal readonly struct SampleHandle
{
    public SampleHandle(ulong sequence, long timestampNanoseconds, SharedMemorySegment segment, int offset, int length)
    {
        Sequence = sequence;
        TimestampNanoseconds = timestampNanoseconds;
        Segment = segment;
        Offset = offset;
        Length = length;
    }

    public ulong Sequence { get; }
    public long TimestampNanoseconds { get; }
    public SharedMemorySegment Segment { get; }
    public int Offset { get; }
    public int Length { get; }
    public ReadOnlyMemory<byte> Memory => Segment.GetMemory(Offset, Length);
}

/// <summary>What <see cref="Subscriber.TryTake"/> found.</summary>
internal enum SampleTake
{
    Sample,
    TimedOut,
    Ended,
}

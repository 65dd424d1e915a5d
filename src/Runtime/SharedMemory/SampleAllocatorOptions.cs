namespace Quiver.SharedMemory;

/// <summary>Limits of a publisher's pool of shared-memory segments.</summary>
public sealed record SampleAllocatorOptions
{
    /// <summary>Size of a regular segment. A sample larger than this gets a segment of its own.</summary>
    public long SegmentSize { get; init; } = 16L << 20;

    /// <summary>The pool grows on demand up to this many segments.</summary>
    public int MaxSegments { get; init; } = 64;

    /// <summary>The pool grows on demand up to this many bytes of segments.</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Name given to each memfd (visible in /proc/&lt;pid&gt;/fd), for debugging only.</summary>
    public string SegmentName { get; init; } = "quiver";

    internal void Validate()
    {
        if (SegmentSize < SampleAllocator.Alignment || SegmentSize > SharedMemorySegment.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(SegmentSize), SegmentSize, $"A segment holds {SampleAllocator.Alignment} to {SharedMemorySegment.MaxLength} bytes.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSegments, 1, nameof(MaxSegments));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
    }
}

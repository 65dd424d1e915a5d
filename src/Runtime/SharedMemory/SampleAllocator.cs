namespace Quiver.SharedMemory;

/// <summary>
/// Hands out 64-byte aligned samples from a pool of shared-memory segments. The pool grows on
/// demand (one segment at a time) up to <see cref="SampleAllocatorOptions.MaxSegments"/> and
/// <see cref="SampleAllocatorOptions.MaxBytes"/>; freed samples are reused first-fit.
/// When the limits are reached <see cref="TryAllocate"/> returns false and the caller's policy decides.
/// Not thread-safe: the publisher serialises calls.
/// </summary>
public sealed class SampleAllocator : IDisposable
{
    /// <summary>Every sample starts on a multiple of this (Arrow buffers want 64-byte alignment).</summary>
    public const int Alignment = 64;

    private readonly SampleAllocatorOptions _options;
    private readonly List<SharedMemorySegment> _segments = new();
    private readonly List<SegmentFreeList> _freeLists = new();
    private readonly Dictionary<(uint Segment, int Offset), int> _allocated = new();
    private bool _disposed;

    public SampleAllocator(SampleAllocatorOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Segments in id order (id = index); the list only grows, so ids stay valid.</summary>
    public IReadOnlyList<SharedMemorySegment> Segments => _segments;
    public long TotalBytes { get; private set; }
    public long AllocatedBytes { get; private set; }
    public int AllocatedSamples => _allocated.Count;

    /// <summary>
    /// Reserves <paramref name="length"/> bytes. Existing segments are searched first; then a new
    /// segment is added if the limits allow it, or always when <paramref name="ignoreLimits"/>.
    /// </summary>
    public bool TryAllocate(int length, bool ignoreLimits, out SampleSlot slot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long rounded = Math.Max(Alignment, ((long)length + Alignment - 1) / Alignment * Alignment);
        if (rounded > SharedMemorySegment.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A sample holds at most {SharedMemorySegment.MaxLength - Alignment} bytes.");
        int capacity = (int)rounded;

        for (int i = 0; i < _freeLists.Count; i++)
        {
            if (_freeLists[i].TryTake(capacity, out int offset))
                return Taken(i, offset, length, capacity, out slot);
        }

        long segmentLength = capacity <= _options.SegmentSize
            ? _options.SegmentSize
            : Math.Min(SharedMemorySegment.MaxLength, (capacity + 4095L) / 4096 * 4096);
        bool withinLimits = _segments.Count < _options.MaxSegments && TotalBytes + segmentLength <= _options.MaxBytes;
        if (!withinLimits && !ignoreLimits)
        {
            slot = default;
            return false;
        }
        uint id = checked((uint)_segments.Count);
        _segments.Add(SharedMemorySegment.Create(id, segmentLength, $"{_options.SegmentName}-{id}"));
        _freeLists.Add(new SegmentFreeList((int)segmentLength));
        TotalBytes += segmentLength;
        _freeLists[^1].TryTake(capacity, out int newOffset);
        return Taken(_segments.Count - 1, newOffset, length, capacity, out slot);
    }

    /// <summary>Returns a sample's memory to the pool; freeing a slot twice is a bug and throws.</summary>
    public void Free(SampleSlot slot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_allocated.Remove((slot.SegmentId, slot.Offset), out int capacity) || capacity != slot.Capacity)
            throw new InvalidOperationException($"Sample at segment {slot.SegmentId} offset {slot.Offset} is not allocated.");
        _freeLists[(int)slot.SegmentId].Return(slot.Offset, capacity);
        AllocatedBytes -= capacity;
    }

    public SharedMemorySegment GetSegment(uint id) => _segments[checked((int)id)];

    /// <summary>Number of separate free ranges in a segment (1 when it is empty): a fragmentation measure.</summary>
    public int FreeRangeCount(uint segmentId) => _freeLists[(int)segmentId].FreeRangeCount;

    private bool Taken(int segmentIndex, int offset, int length, int capacity, out SampleSlot slot)
    {
        slot = new SampleSlot((uint)segmentIndex, offset, length, capacity);
        _allocated.Add((slot.SegmentId, offset), capacity);
        AllocatedBytes += capacity;
        return true;
    }

    /// <summary>Drops the pool's reference on every segment; mappings still used by a sample stay until it is released.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var segment in _segments)
            segment.Release();
    }
}

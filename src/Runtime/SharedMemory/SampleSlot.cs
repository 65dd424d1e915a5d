namespace Quiver.SharedMemory;

/// <summary>
/// Where one sample lives: <paramref name="Length"/> bytes at <paramref name="Offset"/> in segment
/// <paramref name="SegmentId"/>; <paramref name="Capacity"/> is the 64-byte rounded size reserved for it.
/// </summary>
public readonly record struct SampleSlot(uint SegmentId, int Offset, int Length, int Capacity);

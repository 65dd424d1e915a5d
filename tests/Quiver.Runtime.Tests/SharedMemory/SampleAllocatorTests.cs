using Quiver.Runtime.Tests.Transport;
using Quiver.SharedMemory;

namespace Quiver.Runtime.Tests.SharedMemory;

// In the transport collection so the leak test can count this process's memfds without interference.
[Collection(TransportCollection.Name)]
public class SampleAllocatorTests
{
    private static SampleAllocator Pool(long segmentSize, int maxSegments, long maxBytes = 1L << 30) =>
        new(new SampleAllocatorOptions { SegmentSize = segmentSize, MaxSegments = maxSegments, MaxBytes = maxBytes });

    private static SampleSlot Take(SampleAllocator pool, int length)
    {
        Assert.True(pool.TryAllocate(length, ignoreLimits: false, out var slot));
        return slot;
    }

    [Fact]
    public void Samples_are_64_byte_aligned_and_do_not_overlap()
    {
        using var pool = Pool(4096, 1);
        var a = Take(pool, 1);
        var b = Take(pool, 65);
        var c = Take(pool, 0);
        Assert.Equal((0, 64), (a.Offset, a.Capacity));
        Assert.Equal((64, 128), (b.Offset, b.Capacity));
        Assert.Equal((192, 64), (c.Offset, c.Capacity));
        Assert.Equal(65, b.Length);
        Assert.Equal(256, pool.AllocatedBytes);
        Assert.Equal(3, pool.AllocatedSamples);
    }

    [Fact]
    public void A_freed_sample_is_reused()
    {
        using var pool = Pool(4096, 1);
        var first = Take(pool, 100);
        Take(pool, 100);
        pool.Free(first);
        Assert.Equal(first, Take(pool, 100));
    }

    [Fact]
    public void Freed_neighbours_coalesce_so_a_fragmented_segment_heals()
    {
        using var pool = Pool(1024, 1);
        var s = Enumerable.Range(0, 4).Select(_ => Take(pool, 256)).ToArray();
        pool.Free(s[1]);
        pool.Free(s[3]);
        Assert.Equal(2, pool.FreeRangeCount(0));
        // 512 bytes are free, but not in one piece, and the pool may not grow.
        Assert.False(pool.TryAllocate(512, ignoreLimits: false, out _));

        pool.Free(s[2]);
        Assert.Equal(1, pool.FreeRangeCount(0));
        var big = Take(pool, 512);
        Assert.Equal(256, big.Offset);

        pool.Free(big);
        pool.Free(s[0]);
        Assert.Equal(1, pool.FreeRangeCount(0));
        Assert.Equal(0, pool.AllocatedBytes);
        Assert.Equal(0, Take(pool, 1024).Offset);
    }

    [Fact]
    public void The_pool_grows_up_to_its_limits_and_past_them_only_when_asked()
    {
        using var pool = Pool(4096, maxSegments: 2);
        Take(pool, 4096);
        Assert.Single(pool.Segments);
        Assert.Equal(1u, Take(pool, 4096).SegmentId);
        Assert.False(pool.TryAllocate(64, ignoreLimits: false, out _));
        Assert.True(pool.TryAllocate(64, ignoreLimits: true, out var extra));
        Assert.Equal(2u, extra.SegmentId);
        Assert.Equal(3 * 4096, pool.TotalBytes);
    }

    [Fact]
    public void The_byte_limit_stops_growth_too()
    {
        using var pool = Pool(4096, maxSegments: 100, maxBytes: 8192);
        Take(pool, 4096);
        Take(pool, 4096);
        Assert.False(pool.TryAllocate(1, ignoreLimits: false, out _));
    }

    [Fact]
    public void A_sample_larger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var pool = Pool(4096, 4);
        Take(pool, 10);
        var big = Take(pool, 10_000);
        Assert.Equal(1u, big.SegmentId);
        Assert.Equal(0, big.Offset);
        Assert.Equal(12288, pool.GetSegment(1).Length);
        Assert.Equal(10_000, pool.GetSegment(1).GetWritableMemory(big.Offset, big.Length).Length);
    }

    [Fact]
    public void Freeing_a_sample_twice_throws()
    {
        using var pool = Pool(4096, 1);
        var slot = Take(pool, 8);
        pool.Free(slot);
        Assert.Throws<InvalidOperationException>(() => pool.Free(slot));
    }

    [Fact]
    public void Random_allocations_never_overlap_and_all_memory_comes_back()
    {
        var random = new Random(1234);
        using var pool = Pool(64 * 1024, maxSegments: 4);
        var live = new List<SampleSlot>();
        for (int step = 0; step < 5000; step++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int index = random.Next(live.Count);
                pool.Free(live[index]);
                live.RemoveAt(index);
                continue;
            }
            if (pool.TryAllocate(random.Next(0, 9000), ignoreLimits: false, out var slot))
            {
                Assert.Equal(0, slot.Offset % SampleAllocator.Alignment);
                Assert.True(slot.Offset + slot.Capacity <= pool.GetSegment(slot.SegmentId).Length);
                foreach (var other in live.Where(o => o.SegmentId == slot.SegmentId))
                    Assert.True(slot.Offset + slot.Capacity <= other.Offset || other.Offset + other.Capacity <= slot.Offset,
                        $"step {step}: {slot} overlaps {other}");
                live.Add(slot);
            }
        }
        foreach (var slot in live)
            pool.Free(slot);
        Assert.Equal(0, pool.AllocatedBytes);
        for (uint id = 0; id < pool.Segments.Count; id++)
            Assert.Equal(1, pool.FreeRangeCount(id));
    }

    [Fact]
    public void Disposing_the_pool_keeps_mappings_that_are_still_retained()
    {
        var pool = Pool(4096, 1);
        var slot = Take(pool, 16);
        var segment = pool.GetSegment(slot.SegmentId);
        Assert.True(segment.TryRetain());
        pool.Dispose();
        Assert.False(segment.IsReleased);
        segment.Release();
        Assert.True(segment.IsReleased);
    }
}

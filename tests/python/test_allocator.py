"""The publisher's sample allocator: 64-byte aligned slots, first fit, frees coalesced, limits."""

from __future__ import annotations

from quiver.allocator import SampleAllocator


def test_slots_are_aligned_and_freed_ranges_coalesce():
    pool = SampleAllocator(segment_size=1024, max_segments=1)
    a, b, c = pool.allocate(1), pool.allocate(65), pool.allocate(0)
    assert [(s.offset, s.capacity) for s in (a, b, c)] == [(0, 64), (64, 128), (192, 64)]
    assert pool.allocate(1024 - 256 + 1) is None
    pool.free(b)
    pool.free(a)
    pool.free(c)
    assert pool.allocated_bytes == 0 and pool.allocated_samples == 0
    whole = pool.allocate(1024)
    assert (whole.segment, whole.offset, whole.capacity) == (0, 0, 1024)
    pool.close()


def test_segments_grow_to_the_limit_and_large_samples_get_their_own():
    pool = SampleAllocator(segment_size=256, max_segments=2)
    assert pool.allocate(256).segment == 0
    big = pool.allocate(1000)
    assert (big.segment, big.offset) == (1, 0) and pool.segments[1].length == 1024
    assert pool.allocate(1) is None
    assert pool.allocate(1, ignore_limits=True).segment == 2
    assert pool.total_bytes == 256 + 1024 + 256
    pool.close()

"""Hands out 64-byte aligned sample slots from a pool of segments (first fit, coalescing frees)."""

from __future__ import annotations

from dataclasses import dataclass

from .memory import Segment

ALIGNMENT = 64


@dataclass(frozen=True)
class Slot:
    segment: int
    offset: int
    length: int
    capacity: int


class SampleAllocator:
    """Not thread-safe: the publisher serialises it."""

    def __init__(self, segment_size: int, max_segments: int) -> None:
        if segment_size < ALIGNMENT:
            raise ValueError(f"A segment holds at least {ALIGNMENT} bytes.")
        if max_segments < 1:
            raise ValueError("max_segments is at least 1.")
        self.segment_size = segment_size
        self.max_segments = max_segments
        self.segments: list[Segment] = []
        self._free: list[list[tuple[int, int]]] = []
        self.allocated_bytes = 0
        self.allocated_samples = 0

    @property
    def total_bytes(self) -> int:
        return sum(s.length for s in self.segments)

    def allocate(self, length: int, ignore_limits: bool = False) -> Slot | None:
        capacity = max(ALIGNMENT, -(-length // ALIGNMENT) * ALIGNMENT)
        for segment_id, free in enumerate(self._free):
            for i, (offset, size) in enumerate(free):
                if size >= capacity:
                    if size == capacity:
                        del free[i]
                    else:
                        free[i] = (offset + capacity, size - capacity)
                    return self._taken(Slot(segment_id, offset, length, capacity))
        if len(self.segments) >= self.max_segments and not ignore_limits:
            return None
        size = max(self.segment_size, capacity)
        self.segments.append(Segment(len(self.segments), size))
        self._free.append([(capacity, size - capacity)] if size > capacity else [])
        return self._taken(Slot(len(self.segments) - 1, 0, length, capacity))

    def free(self, slot: Slot) -> None:
        free = self._free[slot.segment]
        start, end = slot.offset, slot.offset + slot.capacity
        merged: list[tuple[int, int]] = []
        for offset, size in free:
            if offset + size == start:
                start = offset
            elif offset == end:
                end = offset + size
            else:
                merged.append((offset, size))
        merged.append((start, end - start))
        merged.sort()
        self._free[slot.segment] = merged
        self.allocated_bytes -= slot.capacity
        self.allocated_samples -= 1

    def _taken(self, slot: Slot) -> Slot:
        self.allocated_bytes += slot.capacity
        self.allocated_samples += 1
        return slot

    def close(self) -> None:
        for segment in self.segments:
            segment.close()

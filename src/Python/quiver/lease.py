"""A received sample: a read-only window into the publisher's segment, released exactly once."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .frames import SampleFrame
    from .memory import Mapping
    from .subscriber import Subscriber


class Lease:
    """Holds one sample. Its drop token goes back to the publisher exactly once: on ``close()``
    (or the end of a ``with`` block), or else when the last reference to it goes — memoryviews
    from ``memory`` and pyarrow buffers made over it (``base=lease``) are such references.

    ``sequence``, ``timestamp`` (publisher wall clock at send, ns since the epoch), ``length`` and
    ``address`` (of the first byte, in this process) describe it."""

    __slots__ = ("sequence", "timestamp", "length", "_offset", "_mapping", "_subscriber", "_released", "_lock", "__weakref__")

    def __init__(self, subscriber: "Subscriber", mapping: "Mapping", frame: "SampleFrame") -> None:
        self.sequence = frame.sequence
        self.timestamp = frame.timestamp
        self.length = frame.length
        self._offset = frame.offset
        self._mapping = mapping
        self._subscriber = subscriber
        self._released = False
        self._lock = threading.Lock()

    @property
    def memory(self) -> memoryview:
        """The sample bytes, read-only, in place; the view keeps this lease alive."""
        if self._released:
            raise ValueError(f"Sample {self.sequence} was released.")
        return self._mapping.view(self._offset, self.length, self)

    @property
    def address(self) -> int:
        if self._released:
            raise ValueError(f"Sample {self.sequence} was released.")
        return self._mapping.address + self._offset

    @property
    def released(self) -> bool:
        return self._released

    def close(self) -> None:
        """Releases the sample now. Views taken from it before must not be used afterwards: the
        publisher may reuse the memory (it stays mapped, so reading it is safe but meaningless)."""
        with self._lock:
            if self._released:
                return
            self._released = True
        self._subscriber.release(self.sequence)

    def __enter__(self) -> "Lease":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # The last reference is gone, so no other thread can be in close(): no lock needed.
        if not self._released:
            self._released = True
            self._subscriber.release(self.sequence)

    def __repr__(self) -> str:
        return f"Lease(sequence={self.sequence}, length={self.length}{', released' if self._released else ''})"

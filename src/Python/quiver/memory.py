"""Shared-memory segments: sealed memfds, mapped through libc's mmap so their address is known.

Python's ``mmap.mmap`` hides the address of a read-only mapping (``ctypes`` ``from_buffer`` needs a
writable buffer), and pyarrow's ``foreign_buffer`` needs one; so segments are mapped with libc's
``mmap`` through ctypes. This file is the only place that touches raw addresses.

Invariant that makes every raw access safe: a ``Mapping`` unmaps only in its finalizer, i.e. when
no Python object refers to it any more, and every object that reads its memory (a ``Lease``, a
ctypes array built by ``view``, a pyarrow buffer whose ``base`` is a lease) holds a reference to it
directly or through its lease. Offsets and lengths are checked against the mapping's length first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import mmap
import os
import stat

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
_libc.munmap.restype = ctypes.c_int
_libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
_MAP_FAILED = ctypes.c_void_p(-1).value

MAX_SEGMENT_LENGTH = 0x7FFFFFFF // 4096 * 4096
ALL_SEALS = fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL


class Mapping:
    """One ``mmap`` of a whole segment; unmapped when the last reference goes."""

    __slots__ = ("address", "length", "writable", "__weakref__")

    def __init__(self, fd: int, length: int, writable: bool) -> None:
        prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
        address = _libc.mmap(None, length, prot, mmap.MAP_SHARED, fd, 0)
        if address is None or address == _MAP_FAILED:
            errno = ctypes.get_errno()
            raise OSError(errno, f"mmap of a {length}-byte segment failed: {os.strerror(errno)}")
        self.address: int = address
        self.length = length
        self.writable = writable

    def view(self, offset: int, length: int, owner: object) -> memoryview:
        """A memoryview of ``[offset, offset + length)`` that keeps ``owner`` (and through it this mapping) alive."""
        if offset < 0 or length < 0 or offset > self.length or length > self.length - offset:
            raise ValueError(f"[{offset}, +{length}) lies outside the {self.length}-byte segment.")
        array = (ctypes.c_char * length).from_address(self.address + offset)
        # The array only borrows the address: holding the owner keeps the mapping mapped.
        array._quiver_owner = owner
        array._quiver_mapping = self
        view = memoryview(array).cast("B")
        return view if self.writable else view.toreadonly()

    def __del__(self) -> None:
        if self.address:
            _libc.munmap(self.address, self.length)
            self.address = 0


class Segment:
    """A publisher's segment: a memfd sealed against resizing, mapped read-write, its fd kept to announce it."""

    def __init__(self, segment_id: int, length: int) -> None:
        if not 1 <= length <= MAX_SEGMENT_LENGTH:
            raise ValueError(f"A segment holds 1 to {MAX_SEGMENT_LENGTH} bytes.")
        self.id = segment_id
        self.length = length
        self.fd = os.memfd_create(f"quiver-segment-{segment_id}", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        try:
            os.ftruncate(self.fd, length)
            # Sealed so nobody can shrink the file under a subscriber's mapping (reads would SIGBUS).
            fcntl.fcntl(self.fd, fcntl.F_ADD_SEALS, ALL_SEALS)
            self.mapping = Mapping(self.fd, length, writable=True)
        except BaseException:
            os.close(self.fd)
            raise

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def map_received_segment(segment_id: int, fd: int, length: int) -> Mapping:
    """Checks a descriptor from a publisher (regular file, exactly ``length`` bytes, sealed against
    shrinking), maps it read-only and closes it. Raises ``ValueError`` naming what is wrong."""
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(f"Segment {segment_id}: the descriptor is not a regular file.")
        if status.st_size != length:
            raise ValueError(f"Segment {segment_id}: the file has {status.st_size} bytes, the announcement says {length}.")
        try:
            seals = fcntl.fcntl(fd, fcntl.F_GET_SEALS)
        except OSError:
            seals = 0
        if not seals & fcntl.F_SEAL_SHRINK:
            raise ValueError(f"Segment {segment_id}: the file is not sealed against shrinking.")
        return Mapping(fd, length, writable=False)
    finally:
        os.close(fd)

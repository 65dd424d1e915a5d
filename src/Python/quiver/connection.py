"""Reading frames (and the descriptors that ride with them) from a topic socket."""

from __future__ import annotations

import array
import os
import socket
import struct
from collections import deque

from .errors import ProtocolError
from .frames import HEADER_SIZE, parse_header

MAX_PENDING_DESCRIPTORS = 16
_RECEIVE_BYTES = 1 << 16
_CONTROL_BYTES = socket.CMSG_SPACE(MAX_PENDING_DESCRIPTORS * 4)


def peer_credentials(sock: socket.socket) -> tuple[int, int]:
    """(pid, uid) of the process at the other end, from SO_PEERCRED."""
    pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return pid, uid


class FrameReader:
    """Splits a peer's byte stream into frames. Each header is checked before its body is
    buffered, so at most one frame of the largest size ``sender`` may send is ever held."""

    def __init__(self, sock: socket.socket, sender: int) -> None:
        self._sock = sock
        self._sender = sender
        self._buffer = bytearray()
        # Frames before this offset were handed out; the buffer is compacted before each read.
        self._start = 0
        self.descriptors: deque[int] = deque()

    def next_frame(self) -> tuple[int, bytes] | None:
        """The next (type, body), or None when the peer closed the connection cleanly between frames."""
        while True:
            frame = self.buffered_frame()
            if frame is not None:
                return frame
            if not self.receive():
                self.expect_clean_end()
                return None

    def buffered_frame(self) -> tuple[int, bytes] | None:
        """The next complete frame already received, or None; never reads the socket."""
        start = self._start
        if len(self._buffer) - start >= HEADER_SIZE:
            kind, length = parse_header(self._buffer, self._sender, start)
            end = start + HEADER_SIZE + length
            if len(self._buffer) >= end:
                body = bytes(self._buffer[start + HEADER_SIZE:end])
                self._start = end
                return kind, body
        return None

    def has_buffered_bytes(self) -> bool:
        return len(self._buffer) > self._start

    def expect_clean_end(self) -> None:
        """After the peer closed: a ``ProtocolError`` if it left a frame unfinished."""
        if self.has_buffered_bytes():
            raise ProtocolError(f"The connection closed inside a frame ({len(self._buffer) - self._start} bytes of it received).")

    def take_descriptor(self) -> int | None:
        return self.descriptors.popleft() if self.descriptors else None

    def close(self) -> None:
        while self.descriptors:
            os.close(self.descriptors.popleft())

    def receive(self, how: int = 0) -> bool:
        """Reads once (blocking unless ``how`` says otherwise): False when the peer closed the
        connection; ``BlockingIOError`` when ``socket.MSG_DONTWAIT`` was given and nothing is there."""
        data, control, flags, _ = self._sock.recvmsg(_RECEIVE_BYTES, _CONTROL_BYTES, how)
        for level, kind, payload in control:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array.array("i")
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
                self.descriptors.extend(fds)
        if flags & socket.MSG_CTRUNC:
            raise ProtocolError(f"More than {MAX_PENDING_DESCRIPTORS} descriptors arrived at once; some were lost.")
        if len(self.descriptors) > MAX_PENDING_DESCRIPTORS:
            raise ProtocolError(f"More than {MAX_PENDING_DESCRIPTORS} descriptors not yet matched to an announcement.")
        if not data:
            return False
        if self._start:
            del self._buffer[:self._start]
            self._start = 0
        self._buffer += data
        return True

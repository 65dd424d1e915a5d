"""Accepting subscribers without a thread per connection: the hellos of pending connections are
read on one thread (a selector over non-blocking sockets), at most ``max_pending`` of them at a
time. One more is refused and closed at once; a pending one must finish its hello within
``handshake_timeout``. A complete hello goes to ``admit``, which serves the connection or returns
why not. Log lines a flood of connections would repeat are rate limited (as in the C# publisher)."""

from __future__ import annotations

import errno
import os
import selectors
import socket
import threading
import time
from typing import Callable

from . import frames
from .connection import peer_credentials
from .errors import ProtocolError

Log = Callable[[str, str], None]
# (socket, pid, hello) -> None once the connection is served, else the reason it is refused.
Admit = Callable[[socket.socket, int, frames.Hello], "str | None"]

_LOG_INTERVAL = 5.0
# Enough accepts per wake-up to drain a burst, few enough that pending hellos are read between bursts.
_ACCEPTS_PER_ROUND = 256
# Out of descriptors the listener stays readable: leave it out of the selector for a moment
# instead of accepting from it in a busy loop.
_DESCRIPTOR_SHORTAGE_PAUSE = 0.1
_INITIAL_CAPACITY = 1024


class RateLimitedLog:
    """At most one line per interval; the next line written says how many were left out."""

    def __init__(self, log: Log, interval: float = _LOG_INTERVAL) -> None:
        self._log = log
        self._interval = interval
        self._last: float | None = None
        self._suppressed = 0

    def write(self, level: str, message: str) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self._interval:
            self._suppressed += 1
            return
        suppressed, self._suppressed, self._last = self._suppressed, 0, now
        self._log(level, message if suppressed == 0 else f"{message} ({suppressed} more like it since the last one, not logged one by one.)")


class _Pending:
    """A connection whose hello has not fully arrived. It reads no further than the end of the
    hello, and its buffer grows only as bytes arrive (a promised but dripped hello costs what was sent)."""

    def __init__(self, sock: socket.socket, pid: int, deadline: float) -> None:
        self.sock = sock
        self.pid = pid
        self.deadline = deadline
        self._buffer = bytearray()
        self._frame_length = frames.HEADER_SIZE
        self._header_read = False

    def receive(self) -> frames.Hello | None | bool:
        """The hello once complete; None while more is needed; False if the peer closed first.
        A first frame that is not a valid subscriber hello raises ProtocolError."""
        while True:
            wanted = min(self._frame_length - len(self._buffer), max(_INITIAL_CAPACITY, len(self._buffer)))
            try:
                data = self.sock.recv(wanted)
            except BlockingIOError:
                return None
            if not data:
                return False
            self._buffer += data
            if len(self._buffer) < self._frame_length:
                continue
            if not self._header_read:
                kind, length = frames.parse_header(self._buffer, frames.SUBSCRIBER)
                if kind != frames.HELLO:
                    raise ProtocolError(f"{frames.FRAME_NAMES[kind]} frame before the subscriber's hello.")
                self._header_read = True
                self._frame_length = frames.HEADER_SIZE + length
                if len(self._buffer) < self._frame_length:
                    continue
            hello = frames.Hello.parse(memoryview(self._buffer)[frames.HEADER_SIZE:])
            if hello.role != frames.SUBSCRIBER:
                raise ProtocolError("A peer connected to the topic socket says it is not a subscriber.")
            return hello


class Acceptor:
    def __init__(self, listener: socket.socket, topic: str, *, handshake_timeout: float, max_pending: int,
                 log: Log, admit: Admit) -> None:
        self._listener = listener
        self._topic = topic
        self._handshake_timeout = handshake_timeout
        self._max_pending = max_pending
        self._log = log
        self._admit = admit
        self._turned_away = RateLimitedLog(log)
        self._failed = RateLimitedLog(log)
        self._refusals = RateLimitedLog(log)
        self._busy_refusal = frames.refusal_frame(
            f"Topic '{topic}' already has {max_pending} connections in their handshake; try again.")
        self._pending: dict[socket.socket, _Pending] = {}
        self._selector = selectors.DefaultSelector()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._listening = True
        self._listener_paused_until = 0.0
        listener.setblocking(False)
        self._selector.register(self._wake_reader, selectors.EVENT_READ)
        self._selector.register(listener, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._run, name=f"quiver publisher {topic}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stops accepting, closes every pending connection and the listener; returns once the thread ended."""
        self._wake_writer.send(b"\0")
        self._thread.join()
        self._selector.close()
        self._listener.close()
        self._wake_reader.close()
        self._wake_writer.close()

    def _run(self) -> None:
        try:
            while True:
                self._expire_overdue()
                self._resume_listener()
                for key, _ in self._selector.select(self._next_wake_up()):
                    if key.fileobj is self._wake_reader:
                        return
                    if key.fileobj is self._listener:
                        self._accept_waiting()
                    elif key.fileobj in self._pending:
                        self._advance(self._pending[key.fileobj])
        except Exception as e:  # Top of a thread: accepting ends, the process and its subscribers go on.
            self._log("error", f"Topic '{self._topic}': the publisher stopped accepting subscribers after an internal error: {e!r}")
        finally:
            for pending in list(self._pending.values()):
                self._forget(pending)

    def _next_wake_up(self) -> float | None:
        times = [pending.deadline for pending in self._pending.values()]
        if not self._listening:
            times.append(self._listener_paused_until)
        return max(0.0, min(times) - time.monotonic()) if times else None

    def _resume_listener(self) -> None:
        if not self._listening and time.monotonic() >= self._listener_paused_until:
            self._selector.register(self._listener, selectors.EVENT_READ)
            self._listening = True

    def _expire_overdue(self) -> None:
        now = time.monotonic()
        for pending in [p for p in self._pending.values() if p.deadline <= now]:
            self._failed.write("warning", f"Topic '{self._topic}': disconnecting peer pid {pending.pid}: no hello within {self._handshake_timeout} s.")
            self._forget(pending)

    def _forget(self, pending: _Pending) -> None:
        self._selector.unregister(pending.sock)
        del self._pending[pending.sock]
        pending.sock.close()

    def _advance(self, pending: _Pending) -> None:
        try:
            hello = pending.receive()
        except ProtocolError as e:
            self._failed.write("warning", f"Topic '{self._topic}': disconnecting subscriber pid {pending.pid}: {e}")
            self._forget(pending)
            return
        except OSError:
            self._forget(pending)  # reset by the peer before its hello: nothing to answer
            return
        if hello is None:
            return
        if hello is False:
            self._failed.write("info", f"Topic '{self._topic}': a peer (pid {pending.pid}) closed its connection before the handshake.")
            self._forget(pending)
            return
        self._selector.unregister(pending.sock)
        del self._pending[pending.sock]
        pending.sock.setblocking(True)
        refusal = self._admit(pending.sock, pending.pid, hello)
        if refusal is not None:
            self._refusals.write("warning", f"Topic '{self._topic}': refused pid {pending.pid}: {refusal}")
            _send_and_close(pending.sock, frames.refusal_frame(refusal))

    def _accept_waiting(self) -> None:
        for _ in range(_ACCEPTS_PER_ROUND):
            try:
                sock, _ = self._listener.accept()
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    self._selector.unregister(self._listener)
                    self._listening = False
                    self._listener_paused_until = time.monotonic() + _DESCRIPTOR_SHORTAGE_PAUSE
                self._failed.write("error", f"Topic '{self._topic}': accepting a subscriber failed: {e}")
                return
            if len(self._pending) >= self._max_pending:
                self._turned_away.write("warning", f"Topic '{self._topic}': turned a connection away at once: {len(self._pending)} connections are already in their handshake (max_pending_handshakes).")
                _send_and_close(sock, self._busy_refusal)
                continue
            self._start_handshake(sock)

    def _start_handshake(self, sock: socket.socket) -> None:
        try:
            pid, uid = peer_credentials(sock)
        except OSError:
            sock.close()
            return
        if uid != os.getuid():
            self._refusals.write("warning", f"Topic '{self._topic}': refusing pid {pid} of uid {uid}: this publisher runs as uid {os.getuid()} and only the same user may subscribe.")
            sock.close()
            return
        sock.setblocking(False)
        pending = _Pending(sock, pid, time.monotonic() + self._handshake_timeout)
        self._pending[sock] = pending
        self._selector.register(sock, selectors.EVENT_READ)


def _send_and_close(sock: socket.socket, frame: bytes) -> None:
    """Sends a refusal without waiting and closes. Nothing was ever sent on the socket, and a refusal
    is at most 4 KiB, so it fits its buffer; a peer already gone is just closed."""
    try:
        sock.setblocking(False)
        sock.send(frame)
    except OSError:
        pass
    sock.close()

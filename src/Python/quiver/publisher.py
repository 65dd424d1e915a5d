"""The publishing end of a topic: owns the topic socket and a pool of shared-memory segments."""

from __future__ import annotations

import dataclasses
import errno
import os
import socket
import stat
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from . import frames
from .acceptor import Acceptor
from .allocator import SampleAllocator, Slot
from .connection import FrameReader
from .contract import Contract
from .errors import PoolExhaustedError, ProtocolError, TopicUnavailableError
from .subscriber import Log, _default_log
from .rendezvous import socket_path, validate_topic

if TYPE_CHECKING:
    from .message_loan import MessageLoan


@dataclass(frozen=True)
class OutstandingSample:
    sequence: int
    length: int
    age: float
    holders: tuple[int, ...]


@dataclass(frozen=True)
class PublisherStats:
    sent: int
    skipped: int
    subscribers: int
    loaned: int
    segments: int
    pool_bytes: int
    allocated_bytes: int
    in_flight: int
    outstanding: tuple[OutstandingSample, ...] = field(default=())


class Loan:
    """A writable sample in shared memory; fill ``memory`` in place, then ``Publisher.send`` it."""

    def __init__(self, publisher: "Publisher", slot: Slot, memory: memoryview) -> None:
        self._publisher = publisher
        self.slot: Slot | None = slot
        self.memory = memory
        self.length = slot.length

    def numpy(self, dtype: Any = "uint8", offset: int = 0, count: int = -1) -> Any:
        """A writable numpy view of the sample memory (no copy)."""
        import numpy as np
        return np.frombuffer(self.memory, dtype=dtype, count=count, offset=offset)

    def close(self) -> None:
        """Gives an unsent loan back to the pool."""
        if self.slot is not None:
            slot, self.slot = self.slot, None
            self._publisher._return_loan(slot)

    def __enter__(self) -> "Loan":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Connection:
    def __init__(self, sock: socket.socket, pid: int) -> None:
        self.sock = sock
        self.pid = pid
        self.lock = threading.Lock()
        self.in_flight: set[int] = set()
        self.announced = 0
        self.received = 0
        self.skipped = 0
        self.closed = False


class _InFlight:
    __slots__ = ("slot", "length", "sent_at", "holders", "warned")

    def __init__(self, slot: Slot, length: int, holders: set[_Connection]) -> None:
        self.slot = slot
        self.length = length
        self.sent_at = time.monotonic()
        self.holders = holders
        self.warned = False


class Publisher:
    """``send(message)`` / ``send_bytes(payload)`` / ``loan(n)`` + ``send(loan)``. A sample returns to
    the pool when every subscriber it went to has dropped it or disconnected."""

    def __init__(self, topic: str, message: type | Contract, *, segment_size: int = 16 << 20, max_segments: int = 64,
                 when_exhausted: str = "block", block_timeout: float = 5.0, queue_depth: int = 64,
                 held_warning_after: float | None = 10.0, handshake_timeout: float = 5.0, max_subscribers: int = 64,
                 max_pending_handshakes: int = 64, log: Log | None = None) -> None:
        validate_topic(topic)
        if when_exhausted not in ("block", "throw", "grow"):
            raise ValueError("when_exhausted is 'block', 'throw' or 'grow'.")
        if not 1 <= queue_depth <= frames.MAX_QUEUE_DEPTH:
            raise ValueError(f"queue_depth is 1 to {frames.MAX_QUEUE_DEPTH}.")
        if isinstance(max_subscribers, bool) or not isinstance(max_subscribers, int) or max_subscribers < 1:
            raise ValueError(f"max_subscribers is a whole number, at least 1 (got {max_subscribers!r}).")
        if isinstance(max_pending_handshakes, bool) or not isinstance(max_pending_handshakes, int) or not 1 <= max_pending_handshakes <= 4096:
            raise ValueError(f"max_pending_handshakes is a whole number, 1 to 4096 (got {max_pending_handshakes!r}).")
        self.topic = topic
        self._message_class = None if isinstance(message, Contract) else message
        contract = message if isinstance(message, Contract) else Contract.of(message)
        self._hello = frames.Hello(frames.PUBLISHER, topic, contract.message_type, contract.fingerprint, contract.schema, queue_depth)
        self._hello_frame = self._hello.to_frame()
        self._log = log or _default_log
        self._when_exhausted = when_exhausted
        self._block_timeout = block_timeout
        self._queue_depth = queue_depth
        self._held_warning_after = held_warning_after
        self._max_subscribers = max_subscribers
        self._pool = SampleAllocator(segment_size, max_segments)
        self._gate = threading.Condition(threading.Lock())
        self._send_lock = threading.Lock()
        self._in_flight: dict[int, _InFlight] = {}
        self._subscribers: list[_Connection] = []
        self._last_sequence = 0
        self._sent = 0
        self._skipped = 0
        self._loaned = 0
        self._closed = False
        self._stopping = threading.Event()
        self._path = socket_path(topic)
        self._listener = _bind(topic, self._path, self._log)
        self._inode = os.stat(self._path).st_ino
        self._acceptor = Acceptor(self._listener, topic, handshake_timeout=handshake_timeout, max_pending=max_pending_handshakes,
                                  log=self._log, admit=self._serve_in_thread)
        self._threads: list[threading.Thread] = []
        if held_warning_after is not None:
            self._threads.append(threading.Thread(target=self._watch_held, name=f"quiver held samples {topic}", daemon=True))
        for thread in self._threads:
            thread.start()

    # sending

    def loan(self, length: int) -> Loan:
        """A writable, 64-byte aligned sample of ``length`` bytes; at the pool's limits
        ``when_exhausted`` decides: wait up to ``block_timeout``, raise, or grow."""
        if length < 0:
            raise ValueError("A sample length is not negative.")
        deadline = time.monotonic() + self._block_timeout
        with self._gate:
            while True:
                if self._closed:
                    raise ValueError(f"The publisher of topic '{self.topic}' is closed.")
                slot = self._pool.allocate(length, ignore_limits=self._when_exhausted == "grow")
                if slot is not None:
                    break
                remaining = deadline - time.monotonic()
                if self._when_exhausted == "throw" or remaining <= 0:
                    raise PoolExhaustedError(
                        f"Topic '{self.topic}': no room for a {length}-byte sample in the pool of {len(self._pool.segments)} "
                        f"segments ({self._pool.total_bytes} bytes); subscribers hold {len(self._in_flight)} samples (policy {self._when_exhausted}).")
                self._gate.wait(remaining)
            self._loaned += 1
            segment = self._pool.segments[slot.segment]
        return Loan(self, slot, segment.mapping.view(slot.offset, length, segment))

    def send(self, sample: Any, length: int | None = None, offset: int = 0) -> int:
        """Sends a ``Loan`` (``length`` bytes from ``offset`` in it; by default all after ``offset``),
        or a generated message or ``Batch`` (needs pyarrow); returns the sequence number."""
        if not isinstance(sample, Loan):
            return self._send_message(sample)
        if sample.slot is None:
            raise ValueError("This loan was already sent or returned.")
        if not 0 <= offset <= sample.length:
            raise ValueError(f"The offset {offset} lies outside the {sample.length}-byte loan.")
        length = sample.length - offset if length is None else length
        if not 0 <= length <= sample.length - offset:
            raise ValueError(f"{length} bytes from offset {offset} do not fit the {sample.length}-byte loan.")
        slot, sample.slot = sample.slot, None
        return self._send_slot(slot, offset, length)

    def send_bytes(self, payload: bytes | bytearray | memoryview) -> int:
        """The one-copy convenience for raw samples: loans, copies ``payload`` in, sends."""
        payload = memoryview(payload).cast("B")
        loan = self.loan(len(payload))
        loan.memory[:] = payload
        return self.send(loan)

    def _send_message(self, message: Any) -> int:
        from .arrow import placement_of, record_batch_of, write_stream
        if self._message_class is None:
            raise TypeError(f"Topic '{self.topic}' was opened with a raw Contract; send a Loan or use send_bytes.")
        # A message has MESSAGE; a generated Batch knows its message class as _message.
        kind = getattr(message, "MESSAGE", None) or getattr(getattr(message, "_message", None), "MESSAGE", None)
        if kind != self._message_class.MESSAGE:
            raise TypeError(f"Topic '{self.topic}' carries '{self._message_class.MESSAGE}', not {type(message).__name__}.")
        batch = record_batch_of(message)
        placement = placement_of(batch, len(self._hello.schema), self._message_class)
        loan = self.loan(placement.loan_length)
        try:
            write_stream(batch, self._message_class.SCHEMA, loan.memory, placement)
        except BaseException:
            loan.close()
            raise
        return self.send(loan, placement.batch_length, placement.batch_start)

    def loan_message(self, **fields: Any) -> "MessageLoan":
        """A message of this topic's type written into a loaned sample, with a writable numpy view
        of each payload field to fill in place: pass the payload field's size (element count) instead
        of its value, e.g. ``loan_message(width=640, height=480, ..., data=640 * 480 * 3)``. Needs
        pyarrow and numpy; see ``MessageLoan``."""
        from .message_loan import loan_message
        if self._message_class is None:
            raise TypeError(f"Topic '{self.topic}' was opened with a raw Contract; use loan(n).")
        return loan_message(self, self._message_class, len(self._hello.schema), fields)

    def _send_slot(self, slot: Slot, offset: int, length: int) -> int:
        with self._send_lock:
            with self._gate:
                self._loaned -= 1
                if self._closed:
                    raise ValueError(f"The publisher of topic '{self.topic}' is closed.")
                self._last_sequence += 1
                sequence = self._last_sequence
                self._sent += 1
                recipients: set[_Connection] = set()
                for subscriber in self._subscribers:
                    if len(subscriber.in_flight) < self._queue_depth:
                        subscriber.in_flight.add(sequence)
                        subscriber.received += 1
                        recipients.add(subscriber)
                    else:
                        subscriber.skipped += 1
                        self._skipped += 1
                if not recipients:
                    self._pool.free(slot)
                    self._gate.notify_all()
                    return sequence
                self._in_flight[sequence] = _InFlight(slot, length, set(recipients))
                segments = list(self._pool.segments)
            frame = frames.SampleFrame(sequence, slot.segment, slot.offset + offset, length, time.time_ns()).to_frame()
            for recipient in recipients:
                try:
                    with recipient.lock:
                        if recipient.closed:
                            continue
                        while recipient.announced <= slot.segment:
                            segment = segments[recipient.announced]
                            socket.send_fds(recipient.sock, [frames.SegmentAnnouncement(segment.id, segment.length).to_frame()], [segment.fd])
                            recipient.announced += 1
                        recipient.sock.sendall(frame)
                except OSError as e:
                    self._disconnect(recipient, f"sending failed: {e}")
            return sequence

    def _return_loan(self, slot: Slot) -> None:
        with self._gate:
            self._loaned -= 1
            self._pool.free(slot)
            self._gate.notify_all()

    # subscribers

    def _serve_in_thread(self, sock: socket.socket, pid: int, hello: frames.Hello) -> str | None:
        """The acceptor's hand-off of a complete hello: the reason it is refused, or None once a
        thread of its own answers it and reads its drop tokens."""
        refusal = self._hello.refusal_for(hello)
        if refusal is None:
            accepted = hello.capabilities & frames.ANY_MESSAGE_TYPE
            threading.Thread(target=self._serve, args=(_Connection(sock, pid), accepted), name=f"quiver subscriber of {self.topic}",
                             daemon=True).start()
        return refusal

    def _serve(self, connection: _Connection, accepted: int) -> None:
        reader = FrameReader(connection.sock, frames.SUBSCRIBER)
        reason = "the subscriber left"
        try:
            refusal = self._admit(connection, accepted)
            if refusal is not None:
                self._log("warning", f"Topic '{self.topic}': refused pid {connection.pid}: {refusal}")
                connection.sock.sendall(frames.refusal_frame(refusal))
                return
            while (frame := reader.next_frame()) is not None:
                kind, body = frame
                if kind == frames.HELLO:
                    raise ProtocolError("A second hello from the subscriber.")
                if kind == frames.GOODBYE:
                    break
                self._drop(connection, frames.parse_drop_tokens(body))
        except ProtocolError as e:
            reason = f"it broke the protocol: {e}"
            self._log("error", f"Topic '{self.topic}': subscriber pid {connection.pid} disconnected, {reason}")
        except OSError as e:
            reason = str(e)
        finally:
            reader.close()
            self._disconnect(connection, reason)

    def _admit(self, connection: _Connection, accepted: int) -> str | None:
        """Answers the hello, accepting the capability bits ``accepted``, and counts the subscriber
        in, or returns why not. Checking the limit and joining happen under one hold of the gate so
        two handshakes cannot both take the last slot."""
        with connection.lock, self._gate:
            # A handshake that finishes after close() took its list of subscribers would never be said goodbye to.
            if self._closed:
                return f"The publisher of topic '{self.topic}' is shutting down."
            if len(self._subscribers) >= self._max_subscribers:
                return f"Topic '{self.topic}' already has its maximum of {self._max_subscribers} subscribers."
            connection.sock.sendall(self._hello_frame if not accepted else dataclasses.replace(self._hello, capabilities=accepted).to_frame())
            self._subscribers.append(connection)
            self._gate.notify_all()
        return None

    def _drop(self, connection: _Connection, sequences: list[int]) -> None:
        with self._gate:
            for sequence in sequences:
                if sequence not in connection.in_flight:
                    raise ProtocolError(f"Drop token for sample {sequence}, which this subscriber does not hold.")
                connection.in_flight.discard(sequence)
                self._release(sequence, connection)
            self._gate.notify_all()

    def _release(self, sequence: int, connection: _Connection) -> None:
        sample = self._in_flight[sequence]
        sample.holders.discard(connection)
        if not sample.holders:
            del self._in_flight[sequence]
            if not self._closed:
                self._pool.free(sample.slot)

    def _disconnect(self, connection: _Connection, reason: str) -> None:
        with connection.lock:
            if connection.closed:
                return
            connection.closed = True
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self._gate:
            if connection in self._subscribers:
                self._subscribers.remove(connection)
            for sequence in connection.in_flight:
                self._release(sequence, connection)
            connection.in_flight.clear()
            self._gate.notify_all()
        self._log("info", f"Topic '{self.topic}': subscriber pid {connection.pid} left ({reason}).")

    # observing

    def stats(self) -> PublisherStats:
        now = time.monotonic()
        with self._gate:
            outstanding = tuple(
                OutstandingSample(seq, s.length, now - s.sent_at, tuple(sorted(h.pid for h in s.holders)))
                for seq, s in sorted(self._in_flight.items()))
            return PublisherStats(self._sent, self._skipped, len(self._subscribers), self._loaned, len(self._pool.segments),
                                  self._pool.total_bytes, self._pool.allocated_bytes, len(self._in_flight), outstanding)

    @property
    def subscriber_count(self) -> int:
        with self._gate:
            return len(self._subscribers)

    def wait_for(self, condition: Callable[[PublisherStats], bool], timeout: float) -> bool:
        """Blocks until ``condition(stats)`` holds (re-checked on every join, leave and release)."""
        deadline = time.monotonic() + timeout
        with self._gate:
            while True:
                if condition(self._stats_locked()):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._gate.wait(remaining)

    def wait_for_subscribers(self, count: int, timeout: float) -> bool:
        return self.wait_for(lambda s: s.subscribers >= count, timeout)

    def wait_for_in_flight(self, count: int, timeout: float) -> bool:
        return self.wait_for(lambda s: s.in_flight <= count, timeout)

    def _stats_locked(self) -> PublisherStats:
        return PublisherStats(self._sent, self._skipped, len(self._subscribers), self._loaned, len(self._pool.segments),
                              self._pool.total_bytes, self._pool.allocated_bytes, len(self._in_flight))

    def _watch_held(self) -> None:
        assert self._held_warning_after is not None
        period = min(max(self._held_warning_after / 4, 0.01), 1.0)
        while not self._stopping.wait(period):
            now = time.monotonic()
            warnings = []
            with self._gate:
                for sequence, sample in self._in_flight.items():
                    if not sample.warned and now - sample.sent_at >= self._held_warning_after:
                        sample.warned = True
                        pids = ", ".join(str(h.pid) for h in sample.holders)
                        warnings.append(f"Topic '{self.topic}': sample {sequence} held for more than {self._held_warning_after} s (by pid {pids}).")
            for warning in warnings:
                self._log("warning", warning)
            if warnings:
                with self._gate:
                    self._gate.notify_all()

    # leaving

    def close(self) -> None:
        """Says goodbye to subscribers and removes the topic socket; samples they hold stay valid for them."""
        with self._gate:
            if self._closed:
                return
            self._closed = True
            subscribers = list(self._subscribers)
            self._gate.notify_all()
        self._stopping.set()
        self._acceptor.close()
        try:
            if os.stat(self._path).st_ino == self._inode:
                os.unlink(self._path)
        except FileNotFoundError:
            pass
        for connection in subscribers:
            with connection.lock:
                if not connection.closed:
                    try:
                        connection.sock.sendall(frames.GOODBYE_FRAME)
                    except OSError:
                        pass
            self._disconnect(connection, "the publisher closed")
        for thread in self._threads:
            thread.join()
        self._pool.close()

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bind(topic: str, path: str, log: Log) -> socket.socket:
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if not stat.S_ISSOCK(existing.st_mode):
            raise TopicUnavailableError(f"'{path}' exists and is not a socket; refusing to replace it.")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
            raise TopicUnavailableError(f"Topic '{topic}' already has a live publisher (socket '{path}').")
        except ConnectionRefusedError:
            log("info", f"Topic '{topic}': replacing the socket of a publisher that is gone.")
            os.unlink(path)
        finally:
            probe.close()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
        listener.listen(64)
    except OSError as e:
        listener.close()
        if e.errno == errno.EADDRINUSE:
            raise TopicUnavailableError(f"Topic '{topic}' was just claimed by another publisher (socket '{path}').") from None
        raise
    return listener

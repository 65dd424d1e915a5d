"""The receiving end of a topic: maps the publisher's segments read-only and hands out leases."""

from __future__ import annotations

import os
import select
import socket
import sys
import threading
import time
from collections import deque
from typing import Any, Callable, Iterator, NamedTuple

from . import frames
from .connection import FrameReader, peer_credentials
from .contract import Contract
from .errors import FingerprintMismatchError, ProtocolError, TopicUnavailableError
from .evolution import COMPATIBLE, Comparison
from .lease import Lease
from .memory import MAX_SEGMENT_LENGTH, Mapping, map_received_segment
from .rendezvous import socket_path, validate_topic

Log = Callable[[str, str], None]
_RETRY_INTERVAL = 0.02
# Drop tokens sent in one frame at most while the receiver is behind (see Subscriber.release).
_DROP_BATCH = 64


def _default_log(level: str, message: str) -> None:
    if level in ("warning", "error"):
        print(f"quiver {level}: {message}", file=sys.stderr, flush=True)


class Received(NamedTuple):
    """A sample with what the frame said about it: ``timestamp`` is the publisher's wall clock at
    send (ns since the Unix epoch), so ``time.time_ns() - timestamp`` is the delivery latency."""

    message: Any
    sequence: int
    timestamp: int


class PublisherStreamDecoder:
    """The subscriber's view of the publisher's frames (same rules as C#'s decoder): a hello or a
    refusal first, consecutive segment ids, increasing sequences inside announced segments."""

    MAX_SEGMENTS = 4096

    def __init__(self) -> None:
        self.segment_lengths: list[int] = []
        self.greeted = False
        self.ended = False
        self.last_sequence = 0

    def decode(self, kind: int, body: bytes) -> Any:
        name = frames.FRAME_NAMES[kind]
        if self.ended:
            raise ProtocolError(f"{name} frame after the stream ended.")
        if not self.greeted and kind not in (frames.HELLO, frames.REFUSAL):
            raise ProtocolError(f"{name} frame before the publisher's hello.")
        if kind == frames.HELLO:
            if self.greeted:
                raise ProtocolError("A second hello from the publisher.")
            hello = frames.Hello.parse(body)
            if hello.role != frames.PUBLISHER:
                raise ProtocolError("The peer behind the topic socket says it is not a publisher.")
            if hello.capabilities != 0:
                raise ProtocolError(f"The publisher's hello claims capabilities 0x{hello.capabilities:02x}; this subscriber offered 0x00.")
            self.greeted = True
            return hello
        if kind == frames.REFUSAL:
            if self.greeted:
                raise ProtocolError("A refusal after the handshake succeeded.")
            self.ended = True
            return frames.parse_refusal(body)
        if kind == frames.SEGMENT_ANNOUNCEMENT:
            return self._announce(frames.SegmentAnnouncement.parse(body))
        if kind == frames.SAMPLE:
            return self._check(frames.SampleFrame.parse(body))
        self.ended = True
        return None

    def _announce(self, announcement: frames.SegmentAnnouncement) -> frames.SegmentAnnouncement:
        if announcement.segment != len(self.segment_lengths):
            raise ProtocolError(f"Segment {announcement.segment} announced; the next segment id is {len(self.segment_lengths)}.")
        if len(self.segment_lengths) >= self.MAX_SEGMENTS:
            raise ProtocolError(f"More than {self.MAX_SEGMENTS} segments announced.")
        if not 1 <= announcement.length <= MAX_SEGMENT_LENGTH:
            raise ProtocolError(f"Segment {announcement.segment} announced with {announcement.length} bytes; 1 to {MAX_SEGMENT_LENGTH} are allowed.")
        self.segment_lengths.append(announcement.length)
        return announcement

    def _check(self, sample: frames.SampleFrame) -> frames.SampleFrame:
        if sample.sequence <= self.last_sequence:
            raise ProtocolError(f"Sample sequence {sample.sequence} does not follow {self.last_sequence}.")
        if sample.segment >= len(self.segment_lengths):
            raise ProtocolError(f"Sample {sample.sequence} names segment {sample.segment}, which was never announced.")
        length = self.segment_lengths[sample.segment]
        if sample.offset > length or sample.length > length - sample.offset:
            raise ProtocolError(f"Sample {sample.sequence} at [{sample.offset}, +{sample.length}) lies outside segment {sample.segment} of {length} bytes.")
        self.last_sequence = sample.sequence
        return sample


class Subscriber:
    """Iterate it (or call ``receive``) for samples: ``Lease``s for a raw ``Contract``, message views
    for a generated class. The stream ends when the publisher leaves; leases stay valid after that.

    Frames are read by the thread that calls ``receive``, straight from the socket: no reader
    thread stands between the publisher's send and the receiver (one wake-up, not two). Drop
    tokens are sent by whichever thread releases a lease."""

    def __init__(self, topic: str, message: type | Contract, *, wait_for_publisher: float = 10.0,
                 handshake_timeout: float = 5.0, spin_before_wait: float = 50e-6, log: Log | None = None) -> None:
        validate_topic(topic)
        if not 0 <= spin_before_wait <= 1:
            raise ValueError(f"spin_before_wait is 0 to 1 second (got {spin_before_wait!r}).")
        self.topic = topic
        self._spin_ns = int(spin_before_wait * 1e9)
        self._message_class = None if isinstance(message, Contract) else message
        contract = message if isinstance(message, Contract) else Contract.of(message)
        self._log = log or _default_log
        self._segments: list[Mapping] = []
        self._decoder = PublisherStreamDecoder()
        # Serialises readers of the socket (receive, close); never held while sending.
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending_drops: deque[int] = deque()
        self._drop_tokens_sent = 0
        # Re-entrant: a lease's finalizer may run inside any allocation, also while this is held.
        self._counter_lock = threading.RLock()
        self._unreleased = 0
        # True while received frames wait in the buffer (so the reader will be back): see release().
        self._backlog = False
        self._ended = False
        self._closed = False
        self.fault: ProtocolError | None = None
        # How the publisher's schema compares with this subscriber's when fingerprints differ (evolution.py).
        self.schema_evolution: Comparison | None = None
        path = socket_path(topic)
        self._sock = _connect(topic, path, wait_for_publisher)
        try:
            self.publisher_pid, uid = peer_credentials(self._sock)
            if uid != os.getuid():
                raise TopicUnavailableError(f"The publisher of topic '{topic}' runs as uid {uid}, not as this user (uid {os.getuid()}).")
            mine = frames.Hello(frames.SUBSCRIBER, topic, contract.message_type, contract.fingerprint, contract.schema)
            try:
                self._sock.sendall(mine.to_frame())
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused before the hello was read (too many pending handshakes): the refusal is still there to read
            self._reader = FrameReader(self._sock, frames.PUBLISHER)
            self._sock.settimeout(handshake_timeout)
            publisher = self._handshake(mine)
            self._sock.settimeout(None)
        except BaseException:
            self._sock.close()
            raise
        self.publisher_message_type = publisher.message_type
        self.publisher_schema = publisher.schema
        # A compatible publisher's samples are read in its own schema; generated views find columns by name.
        self._read_schema = None
        if self._message_class is not None and self.schema_evolution is not None and self.schema_evolution.verdict == COMPATIBLE:
            from .evolution import _read_schema
            self._read_schema = _read_schema(publisher.schema)
        self._queue_depth = publisher.queue_depth
        self._poll = select.poll()
        self._poll.register(self._sock, select.POLLIN)

    def _handshake(self, mine: frames.Hello) -> frames.Hello:
        try:
            frame = self._reader.next_frame()
        except TimeoutError:
            raise TopicUnavailableError(f"The publisher of topic '{self.topic}' did not answer the handshake.") from None
        except ConnectionError:
            # A publisher that dies (or closes its listener) with this connection still queued resets it.
            raise TopicUnavailableError(f"The publisher of topic '{self.topic}' closed the connection during the handshake.") from None
        if frame is None:
            raise TopicUnavailableError(f"The publisher of topic '{self.topic}' closed the connection during the handshake.")
        answer = self._decoder.decode(*frame)
        if isinstance(answer, str):
            error = FingerprintMismatchError if "fingerprint" in answer else TopicUnavailableError
            raise error(f"The publisher of topic '{self.topic}' refused the subscription: {answer}")
        refusal, self.schema_evolution = mine.judge(answer)
        if refusal is not None:
            error = FingerprintMismatchError if answer.fingerprint != mine.fingerprint else TopicUnavailableError
            raise error(refusal)
        return answer

    def _next_lease(self, timeout: float | None) -> Lease | None:
        """Reads frames until a sample arrives (its lease), the stream ends (None) or ``timeout``
        passes (``TimeoutError``). Holds the read lock, so one thread reads at a time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._read_lock.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            raise TimeoutError(f"No sample on topic '{self.topic}' within {timeout} s.")
        try:
            while not self._ended:
                try:
                    lease = self._next_buffered_lease()
                    if lease is not None:
                        with self._counter_lock:
                            self._backlog = self._reader.has_buffered_bytes()
                        return lease
                    with self._counter_lock:
                        self._backlog = False
                    # Nothing is held back while this thread waits.
                    self._send_drops()
                    in_time = self._read_more(deadline)
                except ProtocolError as e:
                    self._end(e)
                    self._log("error", f"Topic '{self.topic}': publisher pid {self.publisher_pid} broke the protocol, disconnecting: {e}")
                    return None
                except OSError:
                    self._end(None)
                    return None
                if not in_time:
                    raise TimeoutError(f"No sample on topic '{self.topic}' within {timeout} s.")
            return None
        finally:
            self._read_lock.release()

    def _next_buffered_lease(self) -> Lease | None:
        while (frame := self._reader.buffered_frame()) is not None:
            event = self._decoder.decode(*frame)
            if isinstance(event, frames.SegmentAnnouncement):
                self._map(event)
            elif isinstance(event, frames.SampleFrame):
                return self._lease(event)
            elif self._decoder.ended:
                self._end(None)
                return None
        return None

    def _read_more(self, deadline: float | None) -> bool:
        """Receives what the socket holds, waiting until ``deadline``; False when it passed.
        The peer closing the connection ends the stream."""
        try:
            received = self._spin()
        except BlockingIOError:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._poll.poll(None if remaining is None else remaining * 1000):
                return False
            return True
        if not received:
            self._reader.expect_clean_end()
            self._end(None)
        return True

    def _spin(self) -> bool:
        """Reads without blocking, retrying for ``spin_before_wait``; ``BlockingIOError`` if nothing
        came. A thread asleep in poll wakes tens of microseconds after the frame arrives on an idle
        (virtual) CPU, more than the rest of a small sample's delivery; spinning briefly first
        catches a sample that follows the last one closely with the CPU still awake."""
        until = time.monotonic_ns() + self._spin_ns
        while True:
            try:
                return self._reader.receive(socket.MSG_DONTWAIT)
            except BlockingIOError:
                if time.monotonic_ns() >= until:
                    raise

    def _end(self, fault: ProtocolError | None) -> None:
        if not self._ended:
            self._ended = True
            self.fault = fault
            self._reader.close()
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _map(self, announcement: frames.SegmentAnnouncement) -> None:
        fd = self._reader.take_descriptor()
        if fd is None:
            raise ProtocolError(f"Segment {announcement.segment} was announced without a descriptor.")
        try:
            self._segments.append(map_received_segment(announcement.segment, fd, announcement.length))
        except (ValueError, OSError) as e:
            raise ProtocolError(str(e)) from None

    def _lease(self, sample: frames.SampleFrame) -> Lease:
        with self._counter_lock:
            if self._unreleased + 1 > self._queue_depth:
                raise ProtocolError(f"Sample {sample.sequence} would leave {self._unreleased + 1} samples unreleased; the publisher's queue depth is {self._queue_depth}.")
            self._unreleased += 1
        return Lease(self, self._segments[sample.segment], sample)

    def release(self, sequence: int) -> None:
        """Called exactly once per lease (by ``Lease``): queues its drop token. While received
        frames wait in the buffer, the receiving thread comes back for them and sends the queued
        tokens in one frame before it next waits on the socket (or once ``_DROP_BATCH`` are
        queued): a syscall per sample would cost more than the rest of its receive. Otherwise the
        tokens go now."""
        with self._counter_lock:
            self._unreleased -= 1
            self._pending_drops.append(sequence)
            if self._backlog and len(self._pending_drops) < _DROP_BATCH:
                return
        self._send_drops()

    def _send_drops(self) -> None:
        """Sends every queued token unless another thread is sending right now (it picks them up).
        A lease's finalizer may run inside any allocation, so this may be re-entered on one thread:
        the write lock is only tried, and the queue is a deque, whose appends and pops are atomic."""
        while self._pending_drops:
            if not self._write_lock.acquire(blocking=False):
                return
            try:
                batch: list[int] = []
                while self._pending_drops and len(batch) < frames.MAX_DROP_TOKENS:
                    batch.append(self._pending_drops.popleft())
                if batch and not self._closed:
                    try:
                        self._sock.sendall(frames.drop_tokens_frame(batch))
                        self._drop_tokens_sent += len(batch)
                    except OSError:
                        pass
            finally:
                self._write_lock.release()

    def maps(self, address: int, length: int) -> bool:
        """Whether ``[address, address + length)`` lies in a segment of the publisher's that this
        subscriber mapped: true of anything read in place from a received sample (a message's
        payload buffer, a numpy view of it), false of a copy."""
        return any(m.address <= address and length <= m.address + m.length - address for m in self._segments)

    @property
    def drop_tokens_sent(self) -> int:
        """Drop tokens written to the publisher so far (a released sample's token may wait for the
        receiving thread: see ``release``)."""
        return self._drop_tokens_sent

    @property
    def unreleased(self) -> int:
        """Samples received and not yet released: each is held by its lease or by something made
        from it (a message view, a pyarrow buffer or array, a numpy view, a C Data export)."""
        with self._counter_lock:
            return self._unreleased

    def receive(self, timeout: float | None = None) -> Any:
        """The next sample (a ``Lease``, or a message view for a generated class); None at the end
        of the stream; ``TimeoutError`` when none came within ``timeout`` seconds. After the
        publisher broke the protocol, the samples received before come first, then ``ProtocolError``."""
        received = self.receive_sample(timeout)
        return None if received is None else received.message

    def receive_sample(self, timeout: float | None = None) -> Received | None:
        """Like ``receive``, with the sample's sequence and the publisher's send time."""
        lease = self._next_lease(timeout)
        if lease is None:
            if self.fault is not None:
                raise self.fault
            return None
        sequence, timestamp = lease.sequence, lease.timestamp
        if self._message_class is None:
            return Received(lease, sequence, timestamp)
        from .arrow import read_sample
        return Received(read_sample(lease, self._message_class, self._read_schema), sequence, timestamp)

    def __iter__(self) -> Iterator[Any]:
        while (item := self.receive()) is not None:
            yield item

    def close(self) -> None:
        """Says goodbye (the publisher releases what this subscriber holds) and stops reading; a
        thread blocked in ``receive`` gets the end of the stream. Leases already handed out stay
        valid; their drop tokens are no longer sent."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._sock.sendall(frames.GOODBYE_FRAME)
            except OSError:
                pass
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        # A receiving thread sees the shutdown as the end of the stream and lets the lock go.
        with self._read_lock:
            self._end(None)
        self._sock.close()

    def __enter__(self) -> "Subscriber":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(topic: str, path: str, wait: float) -> socket.socket:
    deadline = time.monotonic() + wait
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            return sock
        except (FileNotFoundError, ConnectionRefusedError) as e:
            sock.close()
            if time.monotonic() >= deadline:
                why = "its publisher is gone (stale socket)" if isinstance(e, ConnectionRefusedError) else "no publisher is running"
                raise TopicUnavailableError(f"Cannot subscribe to topic '{topic}' at '{path}': {why}.") from None
            # No publisher yet: polling keeps this independent of how the publisher appears.
            time.sleep(_RETRY_INTERVAL)
        except BaseException:
            sock.close()
            raise

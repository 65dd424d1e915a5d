"""The receiving end of a topic: maps the publisher's segments read-only and hands out leases."""

from __future__ import annotations

import os
import queue
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
from .lease import Lease
from .memory import MAX_SEGMENT_LENGTH, Mapping, map_received_segment
from .rendezvous import socket_path, validate_topic

Log = Callable[[str, str], None]
_END = object()
_RETRY_INTERVAL = 0.02


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
    for a generated class. The stream ends when the publisher leaves; leases stay valid after that."""

    def __init__(self, topic: str, message: type | Contract, *, wait_for_publisher: float = 10.0,
                 handshake_timeout: float = 5.0, log: Log | None = None) -> None:
        validate_topic(topic)
        self.topic = topic
        self._message_class = None if isinstance(message, Contract) else message
        contract = message if isinstance(message, Contract) else Contract.of(message)
        self._log = log or _default_log
        self._samples: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._segments: list[Mapping] = []
        self._decoder = PublisherStreamDecoder()
        self._write_lock = threading.Lock()
        # Drop tokens are queued without a lock (deque appends are atomic) because a lease's
        # finalizer may run inside any allocation, even on a thread that holds one of our locks.
        self._pending_drops: deque[int] = deque()
        self._counter_lock = threading.RLock()
        self._unreleased = 0
        self._closed = False
        self.fault: ProtocolError | None = None
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
        self._queue_depth = publisher.queue_depth
        self._thread = threading.Thread(target=self._read_loop, name=f"quiver subscriber {topic}", daemon=True)
        self._thread.start()

    def _handshake(self, mine: frames.Hello) -> frames.Hello:
        try:
            frame = self._reader.next_frame()
        except TimeoutError:
            raise TopicUnavailableError(f"The publisher of topic '{self.topic}' did not answer the handshake.") from None
        if frame is None:
            raise TopicUnavailableError(f"The publisher of topic '{self.topic}' closed the connection during the handshake.")
        answer = self._decoder.decode(*frame)
        if isinstance(answer, str):
            error = FingerprintMismatchError if "fingerprint" in answer else TopicUnavailableError
            raise error(f"The publisher of topic '{self.topic}' refused the subscription: {answer}")
        refusal = mine.refusal_for(answer)
        if refusal is not None:
            error = FingerprintMismatchError if answer.fingerprint != mine.fingerprint else TopicUnavailableError
            raise error(refusal)
        return answer

    def _read_loop(self) -> None:
        try:
            while (frame := self._reader.next_frame()) is not None:
                event = self._decoder.decode(*frame)
                if isinstance(event, frames.SegmentAnnouncement):
                    self._map(event)
                elif isinstance(event, frames.SampleFrame):
                    self._deliver(event)
                elif self._decoder.ended:
                    break
        except ProtocolError as e:
            self.fault = e
            self._log("error", f"Topic '{self.topic}': publisher pid {self.publisher_pid} broke the protocol, disconnecting: {e}")
        except OSError:
            pass
        finally:
            self._reader.close()
            self._samples.put(_END)

    def _map(self, announcement: frames.SegmentAnnouncement) -> None:
        fd = self._reader.take_descriptor()
        if fd is None:
            raise ProtocolError(f"Segment {announcement.segment} was announced without a descriptor.")
        try:
            self._segments.append(map_received_segment(announcement.segment, fd, announcement.length))
        except (ValueError, OSError) as e:
            raise ProtocolError(str(e)) from None

    def _deliver(self, sample: frames.SampleFrame) -> None:
        with self._counter_lock:
            if self._unreleased + 1 > self._queue_depth:
                raise ProtocolError(f"Sample {sample.sequence} would leave {self._unreleased + 1} samples unreleased; the publisher's queue depth is {self._queue_depth}.")
            self._unreleased += 1
        self._samples.put(Lease(self, self._segments[sample.segment], sample))

    def release(self, sequence: int) -> None:
        """Called exactly once per lease (by ``Lease``): queues its drop token and sends every
        queued token unless another thread is sending right now (it will pick them up)."""
        with self._counter_lock:
            self._unreleased -= 1
        self._pending_drops.append(sequence)
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
                    except OSError:
                        pass
            finally:
                self._write_lock.release()

    def receive(self, timeout: float | None = None) -> Any:
        """The next sample (a ``Lease``, or a message view for a generated class); None at the end
        of the stream; ``TimeoutError`` when none came within ``timeout`` seconds. After the
        publisher broke the protocol, the samples received before come first, then ``ProtocolError``."""
        received = self.receive_sample(timeout)
        return None if received is None else received.message

    def receive_sample(self, timeout: float | None = None) -> Received | None:
        """Like ``receive``, with the sample's sequence and the publisher's send time."""
        try:
            lease = self._samples.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"No sample on topic '{self.topic}' within {timeout} s.") from None
        if lease is _END:
            self._samples.put(_END)
            if self.fault is not None:
                raise self.fault
            return None
        sequence, timestamp = lease.sequence, lease.timestamp
        if self._message_class is None:
            return Received(lease, sequence, timestamp)
        from .arrow import read_sample
        return Received(read_sample(lease, self._message_class), sequence, timestamp)

    def __iter__(self) -> Iterator[Any]:
        while (item := self.receive()) is not None:
            yield item

    def close(self) -> None:
        """Says goodbye (the publisher releases what this subscriber holds) and stops reading.
        Leases already handed out stay valid; their drop tokens are no longer sent."""
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
        self._thread.join()
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

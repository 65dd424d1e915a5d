"""Frame encoding and strict decoding of the topic protocol, version 1 (docs/protocol.md).

Every decoder here takes bytes that came from a peer: each length and field is checked before it
is used, and every failure is a ``ProtocolError`` with a precise message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import NamedTuple

from .errors import ProtocolError
from .evolution import REFUSED, Comparison, compare_messages
from .rendezvous import topic_problem

HEADER_SIZE = 8
MAX_SCHEMA_BYTES = 1 << 20
MAX_HELLO_BODY = MAX_SCHEMA_BYTES + 4096
MAX_REFUSAL_BODY = 4096
MAX_DROP_TOKENS = 4096
SAMPLE_BODY = 40
ANNOUNCEMENT_BODY = 16
MAX_MESSAGE_TYPE_BYTES = 1024
MAX_QUEUE_DEPTH = 1 << 20
MAX_SEGMENT_LENGTH = 0x7FFFFFFF // 4096 * 4096
PROTOCOL_VERSION = 1
# Capability bit 1 of a hello: the subscriber takes whatever message type the topic carries.
ANY_MESSAGE_TYPE = 0x02
MAGIC = b"QVRTOPIC"

HELLO, REFUSAL, SEGMENT_ANNOUNCEMENT, SAMPLE, DROP_TOKENS, GOODBYE = 1, 2, 3, 4, 5, 6
FRAME_NAMES = {1: "Hello", 2: "Refusal", 3: "SegmentAnnouncement", 4: "Sample", 5: "DropTokens", 6: "Goodbye"}
PUBLISHER, SUBSCRIBER = 1, 2
_SENDS = {PUBLISHER: {HELLO, REFUSAL, SEGMENT_ANNOUNCEMENT, SAMPLE, GOODBYE}, SUBSCRIBER: {HELLO, DROP_TOKENS, GOODBYE}}
_ROLE_NAMES = {PUBLISHER: "publisher", SUBSCRIBER: "subscriber"}

_HEADER = struct.Struct("<IHH")
_SAMPLE = struct.Struct("<QIIQQq")
_ANNOUNCEMENT = struct.Struct("<IIQ")
_HELLO_FIXED = struct.Struct("<8sHBBQI")


def parse_header(data: bytes | bytearray | memoryview, sender: int, offset: int = 0) -> tuple[int, int]:
    """(type, body length) of the 8-byte header at ``offset``, checked before its body is used."""
    length, kind, flags = _HEADER.unpack_from(data, offset)
    if flags != 0:
        raise ProtocolError(f"Frame of type {kind} has flags 0x{flags:04x}; no flags are defined.")
    if kind not in _SENDS[sender]:
        raise ProtocolError(f"Frame type {kind} is not one a {_ROLE_NAMES[sender]} sends.")
    if kind == HELLO:
        valid = length <= MAX_HELLO_BODY
    elif kind == REFUSAL:
        valid = length <= MAX_REFUSAL_BODY
    elif kind == SEGMENT_ANNOUNCEMENT:
        valid = length == ANNOUNCEMENT_BODY
    elif kind == SAMPLE:
        valid = length == SAMPLE_BODY
    elif kind == DROP_TOKENS:
        valid = 16 <= length <= 8 + 8 * MAX_DROP_TOKENS and length % 8 == 0
    else:
        valid = length == 0
    if not valid:
        raise ProtocolError(f"{FRAME_NAMES[kind]} frame with a body of {length} bytes is not allowed.")
    return kind, length


def header(kind: int, body_length: int) -> bytes:
    return _HEADER.pack(body_length, kind, 0)


@dataclass(frozen=True)
class Hello:
    role: int
    topic: str
    message_type: str
    fingerprint: int
    schema: bytes
    queue_depth: int = 0
    # Byte 11, capability flags (docs/protocol.md). A Python publisher accepts ANY_MESSAGE_TYPE (a
    # tool subscribing without a generated type) and no other bit; a Python subscriber offers none
    # and refuses a publisher that claims any.
    capabilities: int = 0

    def to_frame(self) -> bytes:
        topic = self.topic.encode()
        kind = self.message_type.encode()
        if not 1 <= len(kind) <= MAX_MESSAGE_TYPE_BYTES:
            raise ValueError(f"A message type name is 1 to {MAX_MESSAGE_TYPE_BYTES} UTF-8 bytes.")
        if len(self.schema) > MAX_SCHEMA_BYTES:
            raise ValueError(f"A schema message is at most {MAX_SCHEMA_BYTES} bytes.")
        body = b"".join([
            _HELLO_FIXED.pack(MAGIC, PROTOCOL_VERSION, self.role, self.capabilities, self.fingerprint, self.queue_depth),
            struct.pack("<H", len(topic)), topic,
            struct.pack("<H", len(kind)), kind,
            struct.pack("<I", len(self.schema)), bytes(self.schema),
        ])
        return header(HELLO, len(body)) + body

    @staticmethod
    def parse(body: bytes | memoryview) -> "Hello":
        reader = _BodyReader(body, "Hello")
        if reader.take(8) != MAGIC:
            raise ProtocolError("Hello does not start with the Quiver magic; the peer does not speak the Quiver topic protocol.")
        version = reader.u16()
        if version != PROTOCOL_VERSION:
            raise ProtocolError(f"The peer speaks topic protocol version {version}; this side speaks version {PROTOCOL_VERSION}.")
        role = reader.u8()
        if role not in (PUBLISHER, SUBSCRIBER):
            raise ProtocolError(f"Hello names role {role}; 1 (publisher) or 2 (subscriber) are defined.")
        capabilities = reader.u8()
        fingerprint = reader.u64()
        queue_depth = reader.u32()
        valid_depth = 1 <= queue_depth <= MAX_QUEUE_DEPTH if role == PUBLISHER else queue_depth == 0
        if not valid_depth:
            raise ProtocolError(f"Hello names queue depth {queue_depth}; a publisher names 1 to {MAX_QUEUE_DEPTH}, a subscriber 0.")
        topic = _utf8(reader.take(reader.u16()), "topic")
        problem = topic_problem(topic)
        if problem is not None:
            raise ProtocolError(f"Hello names an invalid topic: {problem}")
        type_length = reader.u16()
        if not 1 <= type_length <= MAX_MESSAGE_TYPE_BYTES:
            raise ProtocolError(f"Hello message type name of {type_length} bytes; 1 to {MAX_MESSAGE_TYPE_BYTES} are allowed.")
        message_type = _utf8(reader.take(type_length), "message type name")
        schema_length = reader.u32()
        if schema_length > MAX_SCHEMA_BYTES:
            raise ProtocolError(f"Hello carries a schema of {schema_length} bytes; at most {MAX_SCHEMA_BYTES} are allowed.")
        schema = reader.take(schema_length)
        reader.expect_end()
        return Hello(role, topic, message_type, fingerprint, schema, queue_depth, capabilities)

    def refusal_for(self, peer: "Hello") -> str | None:
        """Why ``peer``'s hello cannot be accepted by this side, or None (same words as C#)."""
        return self.judge(peer)[0]

    def judge(self, peer: "Hello") -> tuple[str | None, Comparison | None]:
        """Why ``peer``'s hello cannot be accepted by this side (or None), and how the two schemas
        compare when fingerprints of one message type differ (or None when they were not compared):
        both sides compare the same way, so both refuse with the same words (same as C#)."""
        if peer.role == self.role:
            return f"Both sides of topic '{self.topic}' are {_ROLE_NAMES[self.role]}s.", None
        if peer.topic != self.topic:
            return f"The peer asked for topic '{peer.topic}' but this is topic '{self.topic}'.", None
        publisher, subscriber = (self, peer) if self.role == PUBLISHER else (peer, self)
        if peer.fingerprint == self.fingerprint or subscriber.capabilities & ANY_MESSAGE_TYPE:
            return None, None
        mismatch = (f"Topic '{self.topic}' carries '{publisher.message_type}' (fingerprint {publisher.fingerprint:016x}) "
                    f"but the subscriber expects '{subscriber.message_type}' (fingerprint {subscriber.fingerprint:016x})")
        if publisher.message_type != subscriber.message_type:
            return mismatch + ".", None
        comparison = compare_messages(publisher.schema, subscriber.schema)
        if comparison.verdict == REFUSED:
            return f"{mismatch}, and the schemas are not compatible: {comparison.reason}.", comparison
        return None, comparison


def refusal_frame(reason: str) -> bytes:
    text = reason.encode()[: MAX_REFUSAL_BODY - 2]
    return header(REFUSAL, 2 + len(text)) + struct.pack("<H", len(text)) + text


def parse_refusal(body: bytes | memoryview) -> str:
    reader = _BodyReader(body, "Refusal")
    text = reader.take(reader.u16()).decode("utf-8", errors="replace")
    reader.expect_end()
    return text


class SampleFrame(NamedTuple):
    """A tuple, not a frozen dataclass: one is made per received sample, and a dataclass's
    frozen __init__ costs several times as much."""

    sequence: int
    segment: int
    offset: int
    length: int
    timestamp: int

    def to_frame(self) -> bytes:
        return header(SAMPLE, SAMPLE_BODY) + _SAMPLE.pack(self.sequence, self.segment, 0, self.offset, self.length, self.timestamp)

    @staticmethod
    def parse(body: bytes | memoryview) -> "SampleFrame":
        if len(body) != SAMPLE_BODY:
            raise ProtocolError(f"Sample frame body is {len(body)} bytes, not {SAMPLE_BODY}.")
        sequence, segment, reserved, offset, length, timestamp = _SAMPLE.unpack_from(body)
        if reserved != 0:
            raise ProtocolError("Sample frame has a non-zero reserved field.")
        return SampleFrame(sequence, segment, offset, length, timestamp)


@dataclass(frozen=True)
class SegmentAnnouncement:
    segment: int
    length: int

    def to_frame(self) -> bytes:
        return header(SEGMENT_ANNOUNCEMENT, ANNOUNCEMENT_BODY) + _ANNOUNCEMENT.pack(self.segment, 0, self.length)

    @staticmethod
    def parse(body: bytes | memoryview) -> "SegmentAnnouncement":
        if len(body) != ANNOUNCEMENT_BODY:
            raise ProtocolError(f"Segment announcement body is {len(body)} bytes, not {ANNOUNCEMENT_BODY}.")
        segment, reserved, length = _ANNOUNCEMENT.unpack_from(body)
        if reserved != 0:
            raise ProtocolError("Segment announcement has a non-zero reserved field.")
        return SegmentAnnouncement(segment, length)


def drop_tokens_frame(sequences: list[int]) -> bytes:
    if not 1 <= len(sequences) <= MAX_DROP_TOKENS:
        raise ValueError(f"A drop token frame carries 1 to {MAX_DROP_TOKENS} sequences.")
    body = struct.pack(f"<II{len(sequences)}Q", len(sequences), 0, *sequences)
    return header(DROP_TOKENS, len(body)) + body


def parse_drop_tokens(body: bytes | memoryview) -> list[int]:
    if len(body) < 16:
        raise ProtocolError(f"Drop token frame body of {len(body)} bytes is too short.")
    count, reserved = struct.unpack_from("<II", body)
    if not 1 <= count <= MAX_DROP_TOKENS:
        raise ProtocolError(f"Drop token frame with {count} tokens; 1 to {MAX_DROP_TOKENS} are allowed.")
    if len(body) != 8 + 8 * count:
        raise ProtocolError(f"Drop token frame says {count} tokens but its body holds {(len(body) - 8) / 8}.")
    if reserved != 0:
        raise ProtocolError("Drop token frame has a non-zero reserved field.")
    return list(struct.unpack_from(f"<{count}Q", body, 8))


GOODBYE_FRAME = header(GOODBYE, 0)


class _BodyReader:
    """Reads a frame body front to back; running past its end is a ProtocolError, never an IndexError."""

    def __init__(self, body: bytes | memoryview, frame: str) -> None:
        self._body = bytes(body)
        self._at = 0
        self._frame = frame

    def take(self, n: int) -> bytes:
        if n > len(self._body) - self._at:
            raise ProtocolError(f"{self._frame} frame body ends before its fields do ({len(self._body)} bytes).")
        value = self._body[self._at:self._at + n]
        self._at += n
        return value

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return struct.unpack("<H", self.take(2))[0]

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack("<Q", self.take(8))[0]

    def expect_end(self) -> None:
        if self._at != len(self._body):
            raise ProtocolError(f"{self._frame} frame body has {len(self._body) - self._at} bytes after its last field.")


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(f"Hello {what} is not valid UTF-8.") from None

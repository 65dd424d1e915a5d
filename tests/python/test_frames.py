"""Frame layouts against bytes derived by hand from docs/protocol.md, and a seeded mutation test
of the decoders: a mutated stream decodes or raises ProtocolError, nothing else."""

from __future__ import annotations

import random
import socket

import pytest

from quiver import frames
from quiver.connection import FrameReader
from quiver.errors import ProtocolError
from quiver.subscriber import PublisherStreamDecoder

SUBSCRIBER_HELLO = bytes.fromhex(
    "28000000" "0100" "0000"            # body length 40, type 1 (Hello), flags 0
    "515652544f504943"                 # "QVRTOPIC"
    "0100" "02" "00"                    # version 1, role 2 (subscriber), capability flags
    "0807060504030201"                  # fingerprint 0x0102030405060708
    "00000000"                          # queue depth 0
    "0300" "612f62"                     # topic "a/b"
    "0300" "742e4d"                     # message type "t.M"
    "02000000" "aabb"                   # schema, 2 bytes
    .replace(" ", ""))

SAMPLE = bytes.fromhex(
    "28000000" "0400" "0000"            # body 40, type 4
    "0500000000000000"                  # sequence 5
    "02000000" "00000000"               # segment 2, reserved
    "8000000000000000"                  # offset 128
    "2c01000000000000"                  # length 300
    "ffffffffffffffff")                 # timestamp -1

ANNOUNCEMENT = bytes.fromhex("10000000" "0300" "0000" "00000000" "00000000" "0010000000000000")  # segment 0, 4096 bytes
DROPS = bytes.fromhex("18000000" "0500" "0000" "02000000" "00000000" "0700000000000000" "0001000000000000")
REFUSAL = bytes.fromhex("05000000" "0200" "0000" "0300" "6e6f21")  # "no!"
GOODBYE = bytes.fromhex("00000000" "0600" "0000")


def test_hello_matches_the_documented_layout():
    hello = frames.Hello(frames.SUBSCRIBER, "a/b", "t.M", 0x0102030405060708, b"\xaa\xbb")
    assert hello.to_frame() == SUBSCRIBER_HELLO
    assert frames.parse_header(SUBSCRIBER_HELLO, frames.SUBSCRIBER) == (frames.HELLO, 40)
    assert frames.Hello.parse(SUBSCRIBER_HELLO[8:]) == hello


def test_publisher_hello_carries_its_queue_depth():
    hello = frames.Hello(frames.PUBLISHER, "a/b", "t.M", 1, b"", queue_depth=64)
    frame = hello.to_frame()
    assert frame[8 + 10] == 1 and frame[8 + 20:8 + 24] == bytes([64, 0, 0, 0])
    assert frames.Hello.parse(frame[8:]).queue_depth == 64


def test_sample_announcement_drops_refusal_goodbye_layouts():
    assert frames.SampleFrame(5, 2, 128, 300, -1).to_frame() == SAMPLE
    assert frames.SampleFrame.parse(SAMPLE[8:]) == frames.SampleFrame(5, 2, 128, 300, -1)
    assert frames.SegmentAnnouncement(0, 4096).to_frame() == ANNOUNCEMENT
    assert frames.drop_tokens_frame([7, 0x100]) == DROPS
    assert frames.parse_drop_tokens(DROPS[8:]) == [7, 0x100]
    assert frames.refusal_frame("no!") == REFUSAL
    assert frames.parse_refusal(REFUSAL[8:]) == "no!"
    assert frames.GOODBYE_FRAME == GOODBYE


@pytest.mark.parametrize("header, sender, message", [
    (bytes.fromhex("28000000 0400 0100".replace(" ", "")), frames.PUBLISHER, "flags"),
    (bytes.fromhex("28000000 0500 0000".replace(" ", "")), frames.PUBLISHER, "not one a publisher sends"),
    (bytes.fromhex("28000000 0400 0000".replace(" ", "")), frames.SUBSCRIBER, "not one a subscriber sends"),
    (bytes.fromhex("29000000 0400 0000".replace(" ", "")), frames.PUBLISHER, "not allowed"),
    (bytes.fromhex("01101000 0100 0000".replace(" ", "")), frames.PUBLISHER, "not allowed"),
    (bytes.fromhex("18000000 0500 0000".replace(" ", "")), frames.SUBSCRIBER, None),
    (bytes.fromhex("1c000000 0500 0000".replace(" ", "")), frames.SUBSCRIBER, "not allowed"),
    (bytes.fromhex("08000000 0500 0000".replace(" ", "")), frames.SUBSCRIBER, "not allowed"),
    (bytes.fromhex("01000000 0600 0000".replace(" ", "")), frames.SUBSCRIBER, "not allowed"),
    (bytes.fromhex("00000000 0700 0000".replace(" ", "")), frames.SUBSCRIBER, "not one"),
])
def test_headers_are_checked_before_the_body(header, sender, message):
    if message is None:
        assert frames.parse_header(header, sender) == (frames.DROP_TOKENS, 24)
        return
    with pytest.raises(ProtocolError, match=message):
        frames.parse_header(header, sender)


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b[:8] + b"X" + b[9:], "magic"),
    (lambda b: b[:16] + b"\x02" + b[17:], "version"),
    (lambda b: b[:18] + b"\x03" + b[19:], "role"),
    (lambda b: b[:28] + b"\x01" + b[29:], "queue depth"),
    (lambda b: b[:34] + b"." + b[35:], "invalid topic"),
    (lambda b: b[:39] + b"\xff" + b[40:], "UTF-8"),
    (lambda b: b + b"\x00", "after its last field"),
    (lambda b: b[:-1], "ends before"),
])
def test_hello_violations(mutate, message):
    body = mutate(SUBSCRIBER_HELLO)[8:]
    with pytest.raises(ProtocolError, match=message):
        frames.Hello.parse(body)


def test_reserved_fields_and_counts_are_checked():
    with pytest.raises(ProtocolError, match="reserved"):
        frames.SampleFrame.parse(SAMPLE[8:20] + b"\x01" + SAMPLE[21:])
    with pytest.raises(ProtocolError, match="reserved"):
        frames.SegmentAnnouncement.parse(ANNOUNCEMENT[8:12] + b"\x01" + ANNOUNCEMENT[13:])
    with pytest.raises(ProtocolError, match="says 3 tokens"):
        frames.parse_drop_tokens(b"\x03" + DROPS[9:])
    with pytest.raises(ProtocolError, match="1 to 4096"):
        frames.parse_drop_tokens(b"\x00" + DROPS[9:])


def test_the_stream_decoder_checks_order_segments_and_bounds():
    decoder = PublisherStreamDecoder()
    with pytest.raises(ProtocolError, match="before the publisher's hello"):
        decoder.decode(frames.SAMPLE, SAMPLE[8:])
    decoder = PublisherStreamDecoder()
    decoder.decode(frames.HELLO, frames.Hello(frames.PUBLISHER, "a/b", "t.M", 1, b"", 4).to_frame()[8:])
    with pytest.raises(ProtocolError, match="never announced"):
        decoder.decode(frames.SAMPLE, frames.SampleFrame(1, 0, 0, 1, 0).to_frame()[8:])
    decoder.decode(frames.SEGMENT_ANNOUNCEMENT, ANNOUNCEMENT[8:])
    with pytest.raises(ProtocolError, match="next segment id is 1"):
        decoder.decode(frames.SEGMENT_ANNOUNCEMENT, frames.SegmentAnnouncement(2, 64).to_frame()[8:])
    with pytest.raises(ProtocolError, match="outside segment 0"):
        decoder.decode(frames.SAMPLE, frames.SampleFrame(1, 0, 4000, 97, 0).to_frame()[8:])
    with pytest.raises(ProtocolError, match="outside segment 0"):
        decoder.decode(frames.SAMPLE, frames.SampleFrame(1, 0, 2**64 - 1, 2, 0).to_frame()[8:])
    decoder.decode(frames.SAMPLE, frames.SampleFrame(1, 0, 4032, 64, 0).to_frame()[8:])
    with pytest.raises(ProtocolError, match="does not follow 1"):
        decoder.decode(frames.SAMPLE, frames.SampleFrame(1, 0, 0, 1, 0).to_frame()[8:])


def _decode_publisher_stream(data: bytes) -> int:
    left, right = socket.socketpair()
    try:
        left.sendall(data)
        left.shutdown(socket.SHUT_WR)
        reader = FrameReader(right, frames.PUBLISHER)
        decoder = PublisherStreamDecoder()
        count = 0
        while (frame := reader.next_frame()) is not None:
            decoder.decode(*frame)
            count += 1
        return count
    finally:
        left.close()
        right.close()


def _decode_subscriber_stream(data: bytes) -> int:
    left, right = socket.socketpair()
    try:
        left.sendall(data)
        left.shutdown(socket.SHUT_WR)
        reader = FrameReader(right, frames.SUBSCRIBER)
        count = 0
        while (frame := reader.next_frame()) is not None:
            kind, body = frame
            if kind == frames.HELLO:
                frames.Hello.parse(body)
            elif kind == frames.DROP_TOKENS:
                frames.parse_drop_tokens(body)
            count += 1
        return count
    finally:
        left.close()
        right.close()


def _mutants(original: bytes, rng: random.Random, count: int):
    for _ in range(count):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            choice = rng.random()
            at = rng.randrange(len(data)) if data else 0
            if choice < 0.5 and data:
                data[at] = rng.randrange(256)
            elif choice < 0.7 and data:
                del data[at:at + rng.randint(1, 8)]
            elif choice < 0.85:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            elif data:
                data[at] ^= 1 << rng.randrange(8)
        yield bytes(data)


def test_mutated_publisher_streams_raise_only_protocol_errors():
    hello = frames.Hello(frames.PUBLISHER, "camera/front", "vision.Image", 0x66D1CD47C9D7F386, b"\x10" * 24, 64).to_frame()
    stream = hello + ANNOUNCEMENT + frames.SampleFrame(1, 0, 64, 100, 7).to_frame() + frames.SampleFrame(2, 0, 192, 8, 8).to_frame() + GOODBYE
    assert _decode_publisher_stream(stream) == 5
    rng = random.Random(20261121)
    outcomes = {"decoded": 0, "refused": 0}
    for mutant in _mutants(stream, rng, 3000):
        try:
            _decode_publisher_stream(mutant)
            outcomes["decoded"] += 1
        except ProtocolError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 1000


def test_mutated_subscriber_streams_raise_only_protocol_errors():
    stream = SUBSCRIBER_HELLO + DROPS + frames.drop_tokens_frame([9]) + GOODBYE
    assert _decode_subscriber_stream(stream) == 4
    rng = random.Random(5)
    refused = 0
    for mutant in _mutants(stream, rng, 3000):
        try:
            _decode_subscriber_stream(mutant)
        except ProtocolError:
            refused += 1
    assert refused > 1000


def test_a_subscriber_offering_the_notification_ring_is_accepted_and_a_python_publisher_answers_without_it():
    # Byte 11 of the body (19 of the frame) is the capability flags; bit 0 is the C# runtime's ring.
    offering = SUBSCRIBER_HELLO[:19] + b"\x01" + SUBSCRIBER_HELLO[20:]
    hello = frames.Hello.parse(offering[8:])
    assert hello.capabilities == 1
    answer = frames.Hello(frames.PUBLISHER, hello.topic, hello.message_type, hello.fingerprint, b"", 4)
    assert answer.to_frame()[19] == 0
    # Unknown bits from a subscriber are kept, not refused: the publisher simply does not accept them.
    assert frames.Hello.parse((SUBSCRIBER_HELLO[:19] + b"\xfe" + SUBSCRIBER_HELLO[20:])[8:]).capabilities == 0xFE


def test_a_python_subscriber_refuses_a_publisher_claiming_a_capability():
    claiming = frames.Hello(frames.PUBLISHER, "a/b", "t.M", 1, b"", 4, capabilities=1).to_frame()
    with pytest.raises(ProtocolError, match="claims capabilities 0x01"):
        PublisherStreamDecoder().decode(frames.HELLO, claiming[8:])

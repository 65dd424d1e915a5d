"""A subscriber that offers capability bit 1 (any message type, what C#'s Topic.SubscribeUntyped
sends) is accepted by the Python publisher whatever its fingerprint, and told the topic's type."""

from __future__ import annotations

import socket

import quiver
from conftest import RAW
from quiver import frames
from quiver.connection import FrameReader
from quiver.rendezvous import socket_path


def _handshake(topic: str, fingerprint: int, capabilities: int) -> tuple[int, bytes]:
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        peer.settimeout(30)
        peer.connect(socket_path(topic))
        peer.sendall(frames.Hello(frames.SUBSCRIBER, topic, "*", fingerprint, b"", capabilities=capabilities).to_frame())
        reader = FrameReader(peer, frames.PUBLISHER)
        try:
            frame = reader.next_frame()
        finally:
            reader.close()
        assert frame is not None, "the publisher closed the connection without an answer"
        return frame
    finally:
        peer.close()


def test_a_subscriber_to_any_type_is_accepted_and_told_the_topics_type(topic):
    with quiver.publish(topic, RAW):
        kind, body = _handshake(topic, RAW.fingerprint ^ 0xFFFF, frames.ANY_MESSAGE_TYPE)

    assert kind == frames.HELLO
    hello = frames.Hello.parse(body)
    assert hello.capabilities == frames.ANY_MESSAGE_TYPE
    assert (hello.message_type, hello.fingerprint, bytes(hello.schema)) == (RAW.message_type, RAW.fingerprint, bytes(RAW.schema))


def test_without_the_bit_another_fingerprint_is_still_refused(topic):
    with quiver.publish(topic, RAW):
        kind, body = _handshake(topic, RAW.fingerprint ^ 0xFFFF, 0)

    assert kind == frames.REFUSAL
    assert "but the subscriber expects '*'" in frames.parse_refusal(body)


def test_the_bridged_bit_a_bridge_exporter_offers_is_ignored_not_claimed(topic):
    # Bit 2 (docs/protocol.md): C#'s ConnectToAnyType asks whether the publisher republishes a
    # bridge import. A Python publisher never does, so it accepts the subscriber and leaves the bit out.
    bridged = 4
    with quiver.publish(topic, RAW):
        kind, body = _handshake(topic, 0, frames.ANY_MESSAGE_TYPE | bridged)

    assert kind == frames.HELLO
    assert frames.Hello.parse(body).capabilities == frames.ANY_MESSAGE_TYPE

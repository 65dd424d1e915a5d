"""Peers that break the protocol are disconnected with a logged reason; nothing else is affected."""

from __future__ import annotations

import os
import select
import socket
import threading
import time

import pytest

import quiver
from conftest import RAW
from quiver import frames
from quiver.memory import Segment
from quiver.rendezvous import socket_path


class FakePublisher:
    """Accepts one subscriber, answers its hello, then sends whatever the test scripted."""

    def __init__(self, topic: str, script) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(socket_path(topic))
        self.listener.listen(1)
        self.topic = topic
        self.script = script
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            header = connection.recv(8, socket.MSG_WAITALL)
            _, length = frames.parse_header(header, frames.SUBSCRIBER)
            connection.recv(length, socket.MSG_WAITALL)
            connection.sendall(frames.Hello(frames.PUBLISHER, self.topic, RAW.message_type, RAW.fingerprint, RAW.schema, 2).to_frame())
            self.script(connection)
            connection.shutdown(socket.SHUT_WR)
            while connection.recv(4096):
                pass

    def close(self) -> None:
        self.thread.join(30)
        self.listener.close()


def _announce(connection, segment: Segment) -> None:
    socket.send_fds(connection, [frames.SegmentAnnouncement(segment.id, segment.length).to_frame()], [segment.fd])


@pytest.mark.parametrize("violation, reason", [
    (lambda c: c.sendall(frames.SampleFrame(2, 0, 4000, 200, 0).to_frame()), "lies outside segment 0"),
    (lambda c: c.sendall(frames.SampleFrame(1, 0, 0, 8, 0).to_frame()), "does not follow 1"),
    (lambda c: c.sendall(frames.SampleFrame(2, 1, 0, 8, 0).to_frame()), "never announced"),
    (lambda c: [c.sendall(frames.SampleFrame(s, 0, 64 * s, 8, 0).to_frame()) for s in (2, 3)], "queue depth is 2"),
    (lambda c: c.sendall(frames.SegmentAnnouncement(1, 64).to_frame()), "without a descriptor"),
    (lambda c: c.sendall(frames.header(frames.DROP_TOKENS, 16) + bytes(16)), "not one a publisher sends"),
    (lambda c: c.sendall(frames.header(frames.SAMPLE, 40) + bytes(20)), "closed inside a frame"),
])
def test_a_hostile_publisher_is_disconnected_after_the_valid_samples(topic, violation, reason):
    segment = Segment(0, 4096)
    segment.mapping.view(0, 8, segment)[:] = b"valid!!!"

    def script(connection):
        _announce(connection, segment)
        connection.sendall(frames.SampleFrame(1, 0, 0, 8, 0).to_frame())
        violation(connection)

    logged = []
    publisher = FakePublisher(topic, script)
    try:
        with quiver.subscribe(topic, RAW, log=lambda level, message: logged.append(message)) as subscriber:
            valid = subscriber.receive(30)
            assert bytes(valid.memory) == b"valid!!!"
            # Every sample stays held: one released meanwhile would make room in the queue depth,
            # and a stream that ends without the violation must fail here, not loop on None.
            held = []
            with pytest.raises(quiver.ProtocolError, match=reason):
                while True:
                    sample = subscriber.receive(30)
                    assert sample is not None, "the stream ended without the violation"
                    held.append(sample)
            assert any(reason in line and topic in line for line in logged)
    finally:
        publisher.close()
        segment.close()


def test_an_unsealed_segment_is_refused(topic):
    def script(connection):
        fd = os.memfd_create("unsealed")
        os.ftruncate(fd, 4096)
        socket.send_fds(connection, [frames.SegmentAnnouncement(0, 4096).to_frame()], [fd])
        os.close(fd)

    publisher = FakePublisher(topic, script)
    try:
        with quiver.subscribe(topic, RAW, log=lambda *_: None) as subscriber:
            with pytest.raises(quiver.ProtocolError, match="not sealed against shrinking"):
                subscriber.receive(30)
    finally:
        publisher.close()


def test_a_hostile_subscriber_is_disconnected_and_others_carry_on(topic):
    logged = []
    with quiver.publish(topic, RAW, log=lambda level, message: logged.append(message)) as publisher, \
            quiver.subscribe(topic, RAW) as honest:
        hostile = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            hostile.connect(socket_path(topic))
            hostile.sendall(frames.Hello(frames.SUBSCRIBER, topic, RAW.message_type, RAW.fingerprint, b"").to_frame())
            assert publisher.wait_for_subscribers(2, 10)
            hostile.sendall(frames.drop_tokens_frame([77]))
            assert publisher.wait_for(lambda s: s.subscribers == 1, 10)
            assert any("Drop token for sample 77" in line for line in logged)
            publisher.send_bytes(b"still fine")
            assert bytes(honest.receive(10).memory) == b"still fine"
        finally:
            hostile.close()


def test_a_connection_still_in_its_handshake_when_the_publisher_closes_is_closed_not_left_hanging(topic):
    publisher = quiver.publish(topic, RAW)
    late = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        late.connect(socket_path(topic))
        late.sendall(frames.Hello(frames.SUBSCRIBER, topic, RAW.message_type, RAW.fingerprint, b"").to_frame()[:20])
        publisher.close()
        late.settimeout(10)
        try:
            assert late.recv(1) == b""
        except ConnectionResetError:
            pass
        assert publisher.subscriber_count == 0
    finally:
        late.close()
        publisher.close()


def test_a_publisher_that_dies_during_the_handshake_is_unavailable_not_a_socket_error(topic):
    # A listener that never accepts stands for a publisher killed with this connection still queued:
    # closing it resets the connection while the subscriber waits for the publisher's hello.
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path(topic))
    listener.listen(1)
    failures: list[BaseException] = []

    def connect() -> None:
        try:
            quiver.subscribe(topic, RAW, wait_for_publisher=0, handshake_timeout=30).close()
        except BaseException as e:  # the test asserts what it was
            failures.append(e)

    subscriber = threading.Thread(target=connect)
    subscriber.start()
    try:
        readable, _, _ = select.select([listener], [], [], 30)
        assert readable, "the subscriber never connected"
    finally:
        listener.close()
        os.unlink(socket_path(topic))
    subscriber.join(30)
    assert not subscriber.is_alive()
    assert len(failures) == 1 and isinstance(failures[0], quiver.TopicUnavailableError), failures
    assert "closed the connection during the handshake" in str(failures[0])

"""Bounded handshakes in the Python publisher (as in C#, HandshakeFloodTests and
PendingHandshakeLimitTests): connections that never finish a hello cost no thread each and bounded
memory, one over ``max_pending_handshakes`` is refused and closed at once, subscribers keep
receiving every sample and a new one can still join."""

from __future__ import annotations

import re
import resource
import socket
import struct
import threading
from contextlib import ExitStack

import pytest

import quiver
from conftest import RAW
from quiver import TopicUnavailableError, frames
from quiver.rendezvous import socket_path
from sample_pattern import pattern

IDLE = 5000
DRIPPING = 500
# Threads this process gains by design: the dripping thread, and for the new subscriber its
# reader and the publisher's serving thread. The slack allows for threads the interpreter or a
# library starts on its own; one per connection would be thousands.
EXPECTED_NEW_THREADS = 3
THREAD_SLACK = 2
RESIDENT_GROWTH_BOUND = 64 << 20
SAMPLES_PER_ROUND = 50
# A generous bound so a broken publisher fails the test instead of hanging it; never a synchronisation.
WAIT = 30


def _status() -> tuple[int, int]:
    """(threads, resident bytes) of this process, which runs the publisher."""
    fields = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
    return int(fields["Threads"]), int(fields["VmRSS"].split()[0]) * 1024


def _peak(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return max(a[0], b[0]), max(a[1], b[1])


def _connect(topic: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(socket_path(topic))
    return sock


def _hello(topic: str) -> bytes:
    return frames.Hello(frames.SUBSCRIBER, topic, RAW.message_type, RAW.fingerprint, RAW.schema).to_frame()


def _refusal_on(sock: socket.socket) -> str:
    sock.settimeout(WAIT)
    kind, length = frames.parse_header(sock.recv(8, socket.MSG_WAITALL), frames.PUBLISHER)
    assert kind == frames.REFUSAL
    return frames.parse_refusal(sock.recv(length, socket.MSG_WAITALL))


def _closed(sock: socket.socket) -> bool:
    sock.settimeout(WAIT)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def _raise_descriptor_limit() -> int:
    """Every connection stays open on this side too, so the soft limit goes up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class _DrippingHellos:
    """Connections that send a hello one byte per round and never finish it (the header promises
    4 KiB more body than is ever sent). The pause between rounds paces the attack; nothing waits on it."""

    def __init__(self, topic: str, count: int) -> None:
        hello = _hello(topic) + bytes(4096)
        self._hello = struct.pack("<I", len(hello) - frames.HEADER_SIZE) + hello[4:]
        self.sockets = [_connect(topic) for _ in range(count)]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for i in range(len(self._hello)):
            if self._stop.wait(0.02):
                return
            for sock in self.sockets:
                try:
                    sock.send(self._hello[i:i + 1], socket.MSG_DONTWAIT)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            sock.close()


def _round(publisher, subscribers) -> None:
    """Every subscriber receives every sample of a round, intact and in order."""
    for _ in range(SAMPLES_PER_ROUND):
        sequence = publisher.stats().sent + 1
        assert publisher.send_bytes(pattern(sequence, 64)) == sequence
        for subscriber in subscribers:
            with subscriber.receive(WAIT) as lease:
                assert lease.sequence == sequence
                assert bytes(lease.memory) == pattern(sequence, 64)


def _join_retrying(topic: str) -> tuple[quiver.Subscriber, int]:
    """Subscribes, trying again while the publisher turns it away for the pending connections ahead of it."""
    turned_away = 0
    while True:
        try:
            return quiver.subscribe(topic, RAW), turned_away
        except TopicUnavailableError as e:
            if "in their handshake" not in str(e) or turned_away > 1_000_000:
                raise
            turned_away += 1


def test_idle_and_dripping_connections_cost_no_thread_each_and_subscribers_keep_receiving_and_joining(topic):
    limit = _raise_descriptor_limit()
    # This process holds both ends of every connection the publisher keeps pending (64 at most).
    idle = min(IDLE, limit - DRIPPING - 512)
    assert idle >= 1000, f"the open-file hard limit ({limit}) leaves room for only {idle} idle connections"
    logged: list[tuple[str, str]] = []
    idle_sockets: list[socket.socket] = []
    with ExitStack() as stack:
        publisher = stack.enter_context(quiver.publish(topic, RAW, handshake_timeout=2.0, log=lambda level, message: logged.append((level, message))))
        subscribers = [stack.enter_context(quiver.subscribe(topic, RAW)) for _ in range(2)]
        assert publisher.wait_for_subscribers(2, WAIT)
        before = peak = _status()
        drip = _DrippingHellos(topic, DRIPPING)
        stack.callback(drip.close)
        stack.callback(lambda: [sock.close() for sock in idle_sockets])
        for i in range(idle):
            idle_sockets.append(_connect(topic))
            if i % 250 == 0:
                peak = _peak(peak, _status())
        peak = _peak(peak, _status())
        _round(publisher, subscribers)

        joiner, turned_away = _join_retrying(topic)
        stack.enter_context(joiner)
        assert publisher.wait_for_subscribers(3, WAIT)
        _round(publisher, subscribers + [joiner])
        peak = _peak(peak, _status())

    print(f"{idle} idle, {DRIPPING} dripping; joiner turned away {turned_away} times; "
          f"threads {before[0]} -> peak {peak[0]}, resident {before[1] >> 20} -> peak {peak[1] >> 20} MiB")
    assert peak[0] <= before[0] + EXPECTED_NEW_THREADS + THREAD_SLACK, f"the publisher's process grew from {before[0]} to {peak[0]} threads under the flood"
    assert peak[1] - before[1] <= RESIDENT_GROWTH_BOUND, f"resident memory grew by {(peak[1] - before[1]) >> 20} MiB under the flood"
    assert any("turned a connection away at once" in message for _, message in logged)
    assert any("no hello within" in message for _, message in logged)


def test_connections_over_the_bound_are_refused_at_once_with_few_log_lines_and_a_finished_hello_makes_room(topic):
    logged: list[tuple[str, str]] = []
    with ExitStack() as stack:
        publisher = stack.enter_context(quiver.publish(topic, RAW, max_pending_handshakes=2, handshake_timeout=WAIT,
                                                       log=lambda level, message: logged.append((level, message))))
        silent = [_connect(topic) for _ in range(2)]
        stack.callback(lambda: [sock.close() for sock in silent])
        for _ in range(20):
            with _connect(topic) as late:
                assert _refusal_on(late) == f"Topic '{topic}' already has 2 connections in their handshake; try again."
                assert _closed(late)
        with pytest.raises(TopicUnavailableError, match=re.escape("in their handshake; try again")):
            quiver.subscribe(topic, RAW)
        turned_away = [message for level, message in logged if "turned a connection away" in message]
        # One line, not one per connection: a flood must not flood the log.
        assert 1 <= len(turned_away) < 21, f"{len(turned_away)} log lines for 21 connections turned away"

        silent[0].sendall(_hello(topic))
        silent[0].settimeout(WAIT)
        kind, _ = frames.parse_header(silent[0].recv(8, socket.MSG_WAITALL), frames.PUBLISHER)
        assert kind == frames.HELLO
        assert publisher.wait_for_subscribers(1, WAIT)
        stack.enter_context(quiver.subscribe(topic, RAW))
        assert publisher.wait_for_subscribers(2, WAIT)


def test_a_pending_connection_that_times_out_makes_room(topic):
    logged: list[tuple[str, str]] = []
    with quiver.publish(topic, RAW, max_pending_handshakes=1, handshake_timeout=0.3,
                        log=lambda level, message: logged.append((level, message))) as publisher:
        with _connect(topic) as silent:
            assert _closed(silent)
        assert any("no hello within 0.3 s" in message for _, message in logged)
        with quiver.subscribe(topic, RAW):
            assert publisher.wait_for_subscribers(1, WAIT)


@pytest.mark.parametrize("value", [0, -1, 4097, 2.5, "8", True, None])
def test_bad_pending_bounds_are_refused(topic, value):
    with pytest.raises(ValueError, match="max_pending_handshakes is a whole number, 1 to 4096"):
        quiver.publish(topic, RAW, max_pending_handshakes=value)

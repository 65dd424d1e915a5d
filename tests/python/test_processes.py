"""Publisher and subscriber in separate processes: Python <-> Python and Python <-> C# (raw bytes)."""

from __future__ import annotations

import gc
import os
import signal

import pytest

import quiver
from conftest import RAW, csharp_peer, python_peer
from sample_pattern import pattern


def _publish_and_check(publisher, child, count=5, length=1000):
    assert publisher.wait_for_subscribers(1, 30)
    sent = []
    for _ in range(count):
        loan = publisher.loan(length)
        loan.memory[:] = pattern(publisher.stats().sent + 1, length)
        sent.append(publisher.send(loan))
    for sequence in sent:
        assert child.expect("SAMPLE") == f"SAMPLE {sequence} {length} ok"
    return sent


@pytest.mark.parametrize("peer", [python_peer, csharp_peer], ids=["python", "csharp"])
def test_python_publisher_to_subscriber_process(topic, children, peer):
    with quiver.publish(topic, RAW, segment_size=1 << 16) as publisher:
        child = children(peer("subscribe", topic, "hold"))
        child.expect("READY")
        sent = _publish_and_check(publisher, child, count=60, length=2000)
        assert publisher.stats().segments == 2
        for sequence in sent[:3]:
            child.say(f"RELEASE {sequence}")
            assert child.expect("RELEASED") == f"RELEASED {sequence}"
        assert publisher.wait_for_in_flight(len(sent) - 3, 30)
        assert [s.sequence for s in publisher.stats().outstanding] == sent[3:]


def test_a_ring_capable_csharp_subscriber_is_served_on_the_socket_by_a_python_publisher(topic, children, monkeypatch):
    # The C# subscriber offers the notification ring (bit 0 of its hello's flags); this publisher
    # answers 0, so samples and drop tokens keep going through the socket.
    monkeypatch.setenv("QUIVER_NOTIFICATION", "ring")
    with quiver.publish(topic, RAW, segment_size=1 << 16) as publisher:
        child = children(csharp_peer("subscribe", topic, "auto"))
        child.expect("READY")
        _publish_and_check(publisher, child, count=40, length=3000)
        assert publisher.wait_for_in_flight(0, 30)


@pytest.mark.parametrize("peer", [python_peer, csharp_peer], ids=["python", "csharp"])
def test_killed_subscriber_samples_are_reclaimed(topic, children, peer):
    with quiver.publish(topic, RAW) as publisher:
        child = children(peer("subscribe", topic, "hold"))
        pid = int(child.expect("READY").split()[1])
        _publish_and_check(publisher, child, count=4, length=64)
        assert publisher.stats().in_flight == 4
        os.kill(pid, signal.SIGKILL)
        assert publisher.wait_for(lambda s: s.subscribers == 0 and s.in_flight == 0, 30)
        assert publisher.stats().allocated_bytes == 0


@pytest.mark.parametrize("peer", [python_peer, csharp_peer], ids=["python", "csharp"])
def test_publisher_process_to_python_subscriber(topic, children, peer):
    child = children(peer("publish", topic))
    child.expect("READY")
    with quiver.subscribe(topic, RAW, wait_for_publisher=30) as subscriber:
        child.say("WAIT 1")
        child.expect("SUBSCRIBED")
        child.say("SEND 20 3000")
        sent = [int(child.expect("SENT").split()[1]) for _ in range(20)]
        leases = [subscriber.receive(30) for _ in sent]
        assert [lease.sequence for lease in leases] == sent
        for lease in leases:
            assert bytes(lease.memory) == pattern(lease.sequence, 3000)
            assert lease.address % 64 == 0
        del lease
        leases.clear()
        gc.collect()
        child.say("EXIT")
        assert subscriber.receive(30) is None
        assert subscriber.fault is None
    assert child.process.wait(30) == 0

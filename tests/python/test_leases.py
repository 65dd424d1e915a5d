"""Leases: the drop token goes exactly once, when the last reference (lease or view) goes."""

from __future__ import annotations

import gc

import pytest

from conftest import RAW
import quiver
from quiver import arrow as quiver_arrow
from quiver.frames import SampleFrame
from quiver.lease import Lease
from quiver.memory import Segment, map_received_segment

import os


class RecordingSubscriber:
    def __init__(self):
        self.released = []

    def release(self, sequence):
        self.released.append(sequence)


@pytest.fixture
def mapping():
    segment = Segment(0, 4096)
    segment.mapping.view(128, 5, segment)[:] = b"abcde"
    yield map_received_segment(0, os.dup(segment.fd), 4096)
    segment.close()


def test_the_view_keeps_the_lease_and_the_token_goes_once(mapping):
    subscriber = RecordingSubscriber()
    lease = Lease(subscriber, mapping, SampleFrame(9, 0, 128, 5, 0))
    view = lease.memory
    part = view[1:3]
    assert view.readonly and bytes(part) == b"bc"
    del lease
    gc.collect()
    assert subscriber.released == []
    del view
    gc.collect()
    assert subscriber.released == []
    del part
    gc.collect()
    assert subscriber.released == [9]


def test_close_releases_once_and_later_access_is_refused(mapping):
    subscriber = RecordingSubscriber()
    lease = Lease(subscriber, mapping, SampleFrame(3, 0, 128, 5, 0))
    with lease:
        assert bytes(lease.memory) == b"abcde"
    lease.close()
    with pytest.raises(ValueError, match="released"):
        lease.memory
    del lease
    gc.collect()
    assert subscriber.released == [3]


def test_a_sample_outside_the_mapping_is_refused(mapping):
    with pytest.raises(ValueError, match="outside"):
        mapping.view(4090, 7, None)


def test_unsealed_or_wrong_size_descriptors_are_refused():
    fd = os.memfd_create("unsealed")
    os.ftruncate(fd, 4096)
    with pytest.raises(ValueError, match="not sealed"):
        map_received_segment(0, fd, 4096)
    segment = Segment(0, 4096)
    with pytest.raises(ValueError, match="the announcement says 8192"):
        map_received_segment(0, os.dup(segment.fd), 8192)
    segment.close()


def test_in_process_round_trip_returns_samples_when_the_last_view_goes(topic):
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        first = publisher.send_bytes(b"one")
        second = publisher.send_bytes(b"two")
        a, b = subscriber.receive(10), subscriber.receive(10)
        assert (a.sequence, bytes(a.memory), b.sequence, bytes(b.memory)) == (first, b"one", second, b"two")
        assert publisher.stats().in_flight == 2
        view = a.memory
        del a, b
        gc.collect()
        assert publisher.wait_for_in_flight(1, 10)
        assert [s.sequence for s in publisher.stats().outstanding] == [first]
        del view
        gc.collect()
        assert publisher.wait_for_in_flight(0, 10)
        assert publisher.stats().allocated_bytes == 0


def test_fingerprint_mismatch_names_both_types(topic):
    other = quiver.Contract("test.Other", 0x1111222233334444)
    with quiver.publish(topic, RAW):
        with pytest.raises(quiver.FingerprintMismatchError) as error:
            quiver.subscribe(topic, other, wait_for_publisher=0)
    assert "'test.Bytes' (fingerprint abcdef0123456789)" in str(error.value)
    assert "'test.Other' (fingerprint 1111222233334444)" in str(error.value)


def test_no_publisher_and_second_publisher_are_clear_errors(topic):
    with pytest.raises(quiver.TopicUnavailableError, match="no publisher is running"):
        quiver.subscribe(topic, RAW, wait_for_publisher=0)
    with quiver.publish(topic, RAW):
        with pytest.raises(quiver.TopicUnavailableError, match="already has a live publisher"):
            quiver.publish(topic, RAW)


def test_publisher_close_ends_the_stream_and_held_samples_stay_valid(topic, runtime_dir):
    publisher = quiver.publish(topic, RAW)
    subscriber = quiver.subscribe(topic, RAW)
    try:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send_bytes(b"kept")
        lease = subscriber.receive(10)
        publisher.close()
        assert subscriber.receive(10) is None
        assert bytes(lease.memory) == b"kept"
        assert os.listdir(runtime_dir) == []
    finally:
        subscriber.close()
        publisher.close()


def test_throw_policy_names_the_topic_and_holders(topic):
    with quiver.publish(topic, RAW, segment_size=128, max_segments=1, when_exhausted="throw") as publisher, \
            quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send_bytes(b"x" * 128)
        held = subscriber.receive(10)
        with pytest.raises(quiver.PoolExhaustedError, match=f"Topic '{topic}'.*subscribers hold 1 samples"):
            publisher.loan(1)
        held.close()
        assert publisher.wait_for_in_flight(0, 10)
        publisher.loan(1).close()


def test_held_too_long_is_logged_once(topic):
    lines = []
    with quiver.publish(topic, RAW, held_warning_after=0.05, log=lambda level, message: lines.append((level, message))) as publisher, \
            quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        sequence = publisher.send_bytes(b"held")
        held = subscriber.receive(10)
        assert publisher.wait_for(lambda _: any("held for more than" in m for _, m in lines), 10)
        warnings = [m for level, m in lines if level == "warning"]
        assert len(warnings) == 1 and f"sample {sequence}" in warnings[0] and topic in warnings[0]
        held.close()


def test_loan_gives_a_writable_numpy_view_filled_in_place(topic):
    np = pytest.importorskip("numpy", reason="numpy is not installed")
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        loan = publisher.loan(4 * 16)
        loan.numpy(np.float32)[:] = np.arange(16, dtype=np.float32)
        publisher.send(loan)
        lease = subscriber.receive(10)
        assert lease.address % 64 == 0
        assert np.frombuffer(lease.memory, np.float32).tolist() == list(range(16))


def test_receive_sample_carries_sequence_and_send_time(topic):
    import time
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        before = time.time_ns()
        sequence = publisher.send_bytes(b"t")
        after = time.time_ns()
        received = subscriber.receive_sample(10)
        assert received.sequence == sequence == received.message.sequence
        assert before <= received.timestamp <= after
        with pytest.raises(TimeoutError, match=topic):
            subscriber.receive(0.01)


def test_typed_use_without_pyarrow_explains_itself(topic, monkeypatch):
    class Image:
        MESSAGE = "vision.Image"
        FINGERPRINT = "66d1cd47c9d7f386"

    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    # As in a process without pyarrow, where the runtime's cached import was never filled.
    monkeypatch.setattr(quiver_arrow, "_PYARROW", None)
    with pytest.raises(ImportError, match="pyarrow is required.*raw samples"):
        quiver.subscribe(topic, Image)
    with pytest.raises(ImportError, match="pyarrow is required"):
        quiver.publish(topic, Image)


@pytest.mark.parametrize("spin", [-1e-6, 2.0, float("nan")])
def test_a_spin_outside_0_to_1_second_is_refused(topic, spin):
    with quiver.publish(topic, RAW):
        with pytest.raises(ValueError, match="spin_before_wait is 0 to 1 second"):
            quiver.subscribe(topic, RAW, spin_before_wait=spin)


def test_without_spinning_samples_and_timeouts_are_the_same(topic):
    with quiver.publish(topic, RAW) as publisher, quiver.subscribe(topic, RAW, spin_before_wait=0) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send_bytes(b"no spin")
        assert bytes(subscriber.receive(10).memory) == b"no spin"
        with pytest.raises(TimeoutError, match=topic):
            subscriber.receive(0.01)

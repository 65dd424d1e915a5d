"""Typed messages over the transport; these need pyarrow (and numpy) and skip without it.

The generated modules come from the repository's CLI at test time (`quiver gen python schemas`)."""

from __future__ import annotations

import gc
import os
import signal
import sys

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")
np = pytest.importorskip("numpy", reason="numpy is not installed")

import quiver  # noqa: E402
from conftest import REPO  # noqa: E402
from csharp_relay import through_csharp_relay  # noqa: E402
from typed_samples import every_field, image_of  # noqa: E402


def test_every_field_type_round_trips_python_to_csharp_and_back(topic, all_types, children):
    """Python encodes, C# decodes with Quiver's own Arrow reader and re-encodes with its writer, Python decodes."""
    message = every_field(all_types)
    with through_csharp_relay(topic, all_types.AllTypes, children) as (send, _):
        received = send(message)
        assert received.to_arrow().equals(message.to_arrow())
        assert (received.i64, received.u64, received.text, received.stamp_ns_raw) == (-2**63, 2**64 - 1, "grüße, 世界", 1_700_000_000_123_456_789)
        assert received.maybe_int is None and received.list_of_maybe.to_pylist() == [1, None, 3]
        assert received.blob.to_pybytes() == b"\x00\x01\xff" * 100


def test_typed_round_trip_is_zero_copy_on_receive(topic, vision):
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(image_of(vision))
        image = subscriber.receive(10)
        assert (image.width, image.height, image.step, image.encoding) == (2, 1, 6, vision.Encoding.Rgb8)
        assert image.stamp_raw == 1_700_000_000_123_456_790
        assert image.frame_id == "camera/left" and image.labels.to_pylist() == ["cat", "sofa"]
        assert image.pose is None
        data = image.data
        assert isinstance(data, pa.Buffer) and data.to_pybytes() == bytes(range(6))
        # Zero copy: the payload buffer lies inside the shared-memory segment the subscriber mapped.
        assert subscriber.maps(data.address, data.size)


def test_drop_token_goes_when_the_last_numpy_view_goes(topic, vision):
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(image_of(vision))
        image = subscriber.receive(10)
        pixels = np.frombuffer(image.data, np.uint8)
        labels = image.labels
        del image
        gc.collect()
        assert publisher.stats().in_flight == 1
        del labels
        gc.collect()
        assert publisher.stats().in_flight == 1
        assert pixels.tolist() == list(range(6))
        del pixels
        gc.collect()
        assert publisher.wait_for_in_flight(0, 10)


def test_killed_python_subscriber_holding_typed_samples(topic, vision, children):
    code = ("import sys, os; sys.path[:0] = sys.argv[1:3]; import quiver, vision; "
            "sub = quiver.subscribe(sys.argv[3], vision.Image); print('READY', os.getpid(), flush=True); "
            "held = [sub.receive(30) for _ in range(3)]; print('HELD', flush=True); sys.stdin.read()")
    with quiver.publish(topic, vision.Image) as publisher:
        child = children([sys.executable, "-c", code, str(REPO / "src" / "Python"), os.path.dirname(vision.__file__), topic])
        pid = int(child.expect("READY").split()[1])
        assert publisher.wait_for_subscribers(1, 30)
        for i in range(3):
            publisher.send(image_of(vision, i))
        child.expect("HELD")
        assert publisher.stats().in_flight == 3
        os.kill(pid, signal.SIGKILL)
        assert publisher.wait_for(lambda s: s.in_flight == 0 and s.subscribers == 0, 30)


def test_typed_fingerprint_mismatch_names_both_types(topic, vision):
    with quiver.publish(topic, vision.Image):
        with pytest.raises(quiver.FingerprintMismatchError, match="carries 'vision.Image'.*expects 'test.Bytes'"):
            quiver.subscribe(topic, quiver.Contract("test.Bytes", 1))


def test_typed_send_writes_the_record_batch_message_in_place(topic, vision):
    """The sample is exactly the encapsulated RecordBatch message pyarrow's serialize() makes, 64-byte aligned."""
    image = image_of(vision)
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, quiver.Contract.of(vision.Image)) as raw:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(image)
        with raw.receive(10) as lease:
            assert lease.address % 64 == 0
            assert bytes(lease.memory) == image.to_arrow().serialize().to_pybytes()


def test_loaned_message_payload_is_filled_in_place_and_decoded_by_csharp(topic, vision, children):
    from conftest import csharp_peer
    back = topic + "-back"
    with quiver.publish(topic, vision.Image) as publisher:
        relay = children(csharp_peer("relay", topic, back, vision.Image.MESSAGE, vision.Image.FINGERPRINT))
        relay.expect("READY")
        with quiver.subscribe(back, vision.Image, wait_for_publisher=30) as subscriber:
            relay.say("WAIT 1")
            relay.expect("SUBSCRIBED")
            assert publisher.wait_for_subscribers(1, 30)
            with publisher.loan_message(width=4, height=2, step=12, encoding=vision.Encoding.Rgb8, stamp=5, frame_id="cam",
                                        labels=["x"], data=24) as message:
                assert message.data.shape == (24,) and message.data.flags.writeable
                message.data[:] = np.arange(24, dtype=np.uint8)
            assert relay.expect("RELAYED").startswith("RELAYED")
            image = subscriber.receive(30)
            assert (image.width, image.height, image.frame_id) == (4, 2, "cam")
            assert image.data.to_pybytes() == bytes(range(24))


def test_loan_message_needs_a_payload_size(topic, vision):
    with quiver.publish(topic, vision.Image) as publisher:
        with pytest.raises(ValueError, match="payload field"):
            publisher.loan_message(width=4, height=2, step=12, encoding=1, stamp=5, frame_id="cam", labels=[], data=b"")
        assert publisher.stats().loaned == 0


def test_loan_message_leaves_the_payload_region_to_the_caller(topic, vision):
    """The stream writer lays the payload out but never writes it: a loan given back and loaned again
    (first fit: the same slot) still shows what the caller wrote, not zeros. So a 64 MiB frame is
    written once, by its producer."""
    size = 256 * 256 * 3  # large enough to be skipped (small payloads are cheaper to write as zeros)
    fields = dict(width=256, height=256, step=768, encoding=vision.Encoding.Rgb8, stamp=5, frame_id="cam", labels=["x"], data=size)
    with quiver.publish(topic, vision.Image) as publisher:
        first = publisher.loan_message(**fields)
        first.data[:] = 7
        address = first.data.__array_interface__["data"][0]
        first.close()
        again = publisher.loan_message(**fields)
        assert again.data.__array_interface__["data"][0] == address
        assert (again.data == 7).all()
        again.close()
        with pytest.raises(ValueError, match="cannot hold -1 elements"):
            publisher.loan_message(**dict(fields, data=-1))
        assert publisher.stats().loaned == 0


def test_loan_message_fills_lists_and_fixed_size_lists_in_place(topic, vision):
    fields = dict(stamp=1, frame_id="cam", width=640, height=480, distortion_model=vision.DistortionModel.PlumbBob,
                  r=[1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0], p=[0.0] * 12)
    with quiver.publish(topic, vision.CameraInfo) as publisher, quiver.subscribe(topic, vision.CameraInfo) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        with pytest.raises(ValueError, match="'k' holds exactly 9 elements, not 8"):
            publisher.loan_message(d=5, k=8, **fields)
        with publisher.loan_message(d=5, k=9, **fields) as info:
            assert info.d.dtype == np.float64 and info.k.shape == (9,)
            info.d[:] = [0.1, 0.2, 0.3, 0.4, 0.5]
            info.k[:] = np.arange(9)
        received = subscriber.receive(10)
        assert received.d.to_pylist() == [0.1, 0.2, 0.3, 0.4, 0.5] and received.k.to_pylist() == list(range(9))
        assert received.r.to_pylist() == fields["r"] and received.distortion_model == vision.DistortionModel.PlumbBob
        assert publisher.stats().loaned == 0


def test_the_legacy_ipc_format_switch_in_the_environment_does_not_change_samples(topic, vision, monkeypatch):
    """pyarrow's writers follow ARROW_PRE_0_15_IPC_FORMAT by default (no continuation markers); samples keep protocol.md's layout."""
    monkeypatch.setenv("ARROW_PRE_0_15_IPC_FORMAT", "1")
    image = image_of(vision)
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(image)
        assert subscriber.receive(10).to_arrow().equals(image.to_arrow())

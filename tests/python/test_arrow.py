"""Typed messages over the transport; these need pyarrow (and numpy) and skip without it.

The generated modules come from the repository's CLI at test time (`quiver gen python schemas`)."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")
np = pytest.importorskip("numpy", reason="numpy is not installed")

import quiver  # noqa: E402
from conftest import REPO  # noqa: E402


@pytest.fixture(scope="module")
def generated():
    out = tempfile.mkdtemp(prefix="qvgen-")
    subprocess.run(["dotnet", "run", "--project", str(REPO / "src" / "Cli"), "--", "gen", "python", str(REPO / "schemas"), "-o", out],
                   check=True, capture_output=True)
    sys.path.insert(0, out)
    yield out
    sys.path.remove(out)
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="module")
def vision(generated):
    import vision as module
    return module


@pytest.fixture(scope="module")
def all_types(generated):
    import all_types as module
    return module


def _every_field(all_types):
    import geometry
    pose = geometry.Pose(position=geometry.Vector3(x=1.0, y=-2.0, z=3.5),
                         orientation=geometry.Quaternion(x=0.0, y=0.0, z=0.0, w=1.0))
    return all_types.AllTypes(
        flag=True, i8=-128, i16=-32768, i32=-2**31, i64=-2**63, u8=255, u16=65535, u32=2**32 - 1, u64=2**64 - 1,
        f16=0.5, f32=-1.25, f64=3.141592653589793, text="grüße, 世界", blob=b"\x00\x01\xff" * 100, digest=bytes(range(32)),
        ints=[1, -2, 3], triple=[1.0, 2.0, 3.0], stamp_s=1_700_000_000, stamp_ms=1_700_000_000_123,
        stamp_us=1_700_000_000_123_456, stamp_ns=1_700_000_000_123_456_789, elapsed_s=-5, elapsed_ms=6,
        elapsed_us=7_000_001, elapsed_ns=8_000_000_009, level=all_types.Level.Low, levels=[all_types.Level.High, 5],
        pose=pose, poses=[pose, pose], maybe_int=None, maybe_text="here", maybe_pose=None, maybe_level=all_types.Level.Normal,
        maybe_list=None, list_of_maybe=[1, None, 3], maybe_list_of_maybe=["a", None], matrix=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
        tags=[["x"], [], ["y", "z"]], digests=[bytes(16), bytes(range(16))])


def test_every_field_type_round_trips_python_to_csharp_and_back(topic, all_types, children):
    """Python encodes, C# decodes with Quiver's own Arrow reader and re-encodes with its writer, Python decodes."""
    from conftest import csharp_peer
    message = _every_field(all_types)
    back = topic + "-back"
    with quiver.publish(topic, all_types.AllTypes) as publisher:
        relay = children(csharp_peer("relay", topic, back, all_types.AllTypes.MESSAGE, all_types.AllTypes.FINGERPRINT))
        relay.expect("READY")
        with quiver.subscribe(back, all_types.AllTypes, wait_for_publisher=30) as subscriber:
            relay.say("WAIT 1")
            relay.expect("SUBSCRIBED")
            assert publisher.wait_for_subscribers(1, 30)
            sequence = publisher.send(message)
            assert relay.expect("RELAYED") == f"RELAYED {sequence}"
            received = subscriber.receive(30)
            assert received.to_arrow().equals(message.to_arrow())
            assert (received.i64, received.u64, received.text, received.stamp_ns_raw) == (-2**63, 2**64 - 1, "grüße, 世界", 1_700_000_000_123_456_789)
            assert received.maybe_int is None and received.list_of_maybe.to_pylist() == [1, None, 3]
            assert received.blob.to_pybytes() == b"\x00\x01\xff" * 100


def _image(vision, sequence: int = 1):
    return vision.Image(width=2, height=1, step=6, encoding=vision.Encoding.Rgb8, stamp=1_700_000_000_123_456_789 + sequence,
                        frame_id="camera/left", data=bytes(range(6)), labels=["cat", "sofa"])


def test_typed_round_trip_is_zero_copy_on_receive(topic, vision):
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(_image(vision))
        image = subscriber.receive(10)
        assert (image.width, image.height, image.step, image.encoding) == (2, 1, 6, vision.Encoding.Rgb8)
        assert image.stamp_raw == 1_700_000_000_123_456_790
        assert image.frame_id == "camera/left" and image.labels.to_pylist() == ["cat", "sofa"]
        assert image.pose is None
        data = image.data
        assert isinstance(data, pa.Buffer) and data.to_pybytes() == bytes(range(6))
        # Zero copy: the payload buffer lies inside the shared-memory segment the subscriber mapped.
        segment = subscriber._segments[0]
        assert segment.address <= data.address and data.address + data.size <= segment.address + segment.length


def test_drop_token_goes_when_the_last_numpy_view_goes(topic, vision):
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(_image(vision))
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
            publisher.send(_image(vision, i))
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
    image = _image(vision)
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

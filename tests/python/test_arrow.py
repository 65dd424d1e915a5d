"""Typed messages over the transport; these need pyarrow (and numpy) and skip without it.

The generated modules come from the repository's CLI at test time (`quiver gen python schemas`)."""

from __future__ import annotations

import gc
import os
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
def vision():
    out = tempfile.mkdtemp(prefix="qvgen-")
    subprocess.run(["dotnet", "run", "--project", str(REPO / "src" / "Cli"), "--", "gen", "python", str(REPO / "schemas"), "-o", out],
                   check=True, capture_output=True)
    sys.path.insert(0, out)
    import vision as module
    yield module
    sys.path.remove(out)


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

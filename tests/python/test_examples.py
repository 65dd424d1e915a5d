"""The cross-language examples run as a user runs them: the C# camera with the Python viewer
(examples/python/viewer.py), and the Python detector (examples/python/detector.py) with the C#
DetectionsSubscriber. Each pair runs as separate processes on a private runtime directory."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest

pytest.importorskip("pyarrow", reason="pyarrow is not installed")
pytest.importorskip("numpy", reason="numpy is not installed")

from conftest import CHILD_TIMEOUT, REPO  # noqa: E402


def _example_dll(project: str, name: str) -> str:
    path = REPO / "examples" / project / "bin" / "Release" / "net10.0" / name
    if not path.is_file():
        pytest.fail(f"{path} is not built; run `dotnet build -c Release Quiver.slnx` first.")
    return str(path)


def _python_example(script: str, generated: str, *args: str) -> subprocess.Popen:
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([generated, str(REPO / "src" / "Python"), os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, str(REPO / "examples" / "python" / script), *args], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(*processes: subprocess.Popen) -> list[str]:
    """Waits for every process (killing all if one hangs) and returns their standard outputs."""
    outputs = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=CHILD_TIMEOUT)
            assert process.returncode == 0, f"{process.args[-1]} exited with {process.returncode}: {out}\n{err}"
            outputs.append(out)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    return outputs


def test_the_csharp_camera_and_the_python_viewer(runtime_dir, topic, generated):
    viewer = _python_example("viewer.py", generated, "--topic", topic, "--hold", "2")
    camera = subprocess.Popen(["dotnet", "exec", _example_dll("CameraPublisher", "Quiver.Examples.CameraPublisher.dll"),
                               "--topic", topic, "--width", "64", "--height", "48", "--rate", "100", "--seconds", "0.5",
                               "--wait-subscribers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    camera_out, viewer_out = _finish(camera, viewer)
    sent = int(re.search(r"camera: sent (\d+) frames", camera_out).group(1))
    summary = viewer_out.strip().splitlines()[-1]
    assert sent > 0 and summary.startswith(f"py-viewer: {sent} frames in "), viewer_out
    # Every frame was a numpy view whose address lies in the camera's mapped segment, and held the pattern.
    assert "every frame read in place; every frame intact" in summary
    assert re.search(rf"{sent * 64 * 48 * 3 / 1e9:.2f} GB read in place", summary)


def test_the_python_detector_and_the_csharp_subscriber(runtime_dir, topic, generated):
    subscriber = subprocess.Popen(["dotnet", "exec", _example_dll("DetectionsSubscriber", "Quiver.Examples.DetectionsSubscriber.dll"),
                                   "--topic", topic], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    detector = _python_example("detector.py", generated, topic, "5")
    subscriber_out, detector_out = _finish(subscriber, detector)
    assert "detections: received 5 messages" in subscriber_out, subscriber_out
    lines = subscriber_out.splitlines()
    # Frame n's person box starts at x = n (detector.py), read by C# from the Python-written batch.
    for frame in range(5):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"camera/front#{frame} at "))
        assert lines[at].endswith("2 detections")
        assert lines[at + 1] == f"  person (class 1) score 0.90 box [{frame}, 40]-[{frame + 80}, 240] at (1.00, 0.00, 4.50) m track 7"
        assert lines[at + 2] == "  cup (class 41) score 0.55 box [300, 200]-[330, 240]"
    assert "sent=5" in detector_out and "skipped=0" in detector_out


def test_the_python_detector_stopped_with_sigterm_leaves_no_socket(runtime_dir, topic, generated):
    detector = _python_example("detector.py", generated, topic, "100000")
    try:
        assert detector.stdout.readline().startswith(f"publishing 100000 Detections on '{topic}'")
        assert os.listdir(runtime_dir), "the detector's socket should exist while it publishes"
        detector.send_signal(signal.SIGTERM)
        out, err = detector.communicate(timeout=CHILD_TIMEOUT)
    finally:
        if detector.poll() is None:
            detector.kill()
            detector.communicate()
    assert os.listdir(runtime_dir) == [], "SIGTERM should close the publisher and remove its socket"
    assert detector.returncode == 0, err

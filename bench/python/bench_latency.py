"""One-way latency of typed vision.Image messages between C# and Python processes, for the payload
sizes of the transport bench (64 B to 64 MiB); prints a markdown table. Needs pyarrow and numpy.

    dotnet build -c Release Quiver.slnx
    /usr/bin/python3 bench/python/bench_latency.py [--messages 200]

C# -> Python: examples/CameraPublisher publishes RGB8 frames of about the size; this process
subscribes and measures now (wall clock) minus the send time the publisher put in the sample frame.
Python -> C#: this process fills the Data of a loaned Image in place (loan_message) with the
CLOCK_MONOTONIC time in its first 8 bytes, the way the C# bench does; the C# bench's own subscriber
child (quiver-subscriber typed-latency) measures Stopwatch now minus that time. One message in
flight at a time, as in the transport bench."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZES = [64, 4 << 10, 1 << 20, 16 << 20, 64 << 20]
WARMUP = 10


def _require_pyarrow() -> None:
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        sys.exit(f"bench_latency.py needs pyarrow and numpy ({e}); not run.")


def _generate_modules() -> str:
    out = tempfile.mkdtemp(prefix="qvbench-")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", str(REPO / "src" / "Cli"), "--", "gen", "python",
                    str(REPO / "schemas"), "-o", out], check=True, capture_output=True)
    return out


def _dll(project: str, name: str) -> str:
    path = REPO / project / "bin" / "Release" / "net10.0" / name
    if not path.is_file():
        sys.exit(f"{path} is missing; run `dotnet build -c Release Quiver.slnx` first.")
    return str(path)


def _percentiles(nanoseconds: list[float]) -> tuple[float, float]:
    ordered = sorted(nanoseconds)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def csharp_to_python(vision, quiver, size: int, messages: int) -> tuple[int, float, float]:
    width = max(1, size // 3)
    topic = f"bench/cs-py-{size}"
    camera = subprocess.Popen(["dotnet", "exec", _dll("examples/CameraPublisher", "Quiver.Examples.CameraPublisher.dll"),
                               "--topic", topic, "--width", str(width), "--height", "1", "--rate", "200",
                               "--seconds", str((messages + WARMUP) / 200 + 5)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    latencies: list[float] = []
    try:
        with quiver.subscribe(topic, vision.Image, wait_for_publisher=60) as subscriber:
            received = 0
            while received < messages + WARMUP and (sample := subscriber.receive_sample(60)) is not None:
                now = time.time_ns()
                if received >= WARMUP:
                    latencies.append(now - sample.timestamp)
                received += 1
                del sample
    finally:
        camera.terminate()
        camera.wait()
    p50, p99 = _percentiles(latencies)
    return width * 3, p50, p99


def python_to_csharp(vision, quiver, size: int, messages: int) -> tuple[int, float, float]:
    import numpy as np
    topic = f"bench/py-cs-{size}"
    with quiver.publish(topic, vision.Image, segment_size=max(16 << 20, size + (1 << 20)), held_warning_after=None) as publisher:
        child = subprocess.Popen(["dotnet", "exec", _dll("bench/Quiver.Transport.Bench", "Quiver.Transport.Bench.dll"),
                                  "quiver-subscriber", topic, "typed-latency"], stdout=subprocess.PIPE, text=True)
        try:
            if child.stdout.readline().strip() != "READY" or not publisher.wait_for_subscribers(1, 60):
                sys.exit("the C# bench subscriber did not start")
            for _ in range(messages + WARMUP):
                with publisher.loan_message(width=size, height=1, step=size, encoding=vision.Encoding.Mono8, stamp=0,
                                            frame_id="", labels=[], data=size) as image:
                    # The payload is written in place by the producer in real use; only the time is written here.
                    image.data[:8] = np.frombuffer(time.monotonic_ns().to_bytes(8, "little"), np.uint8)
                publisher.wait_for_in_flight(0, 60)
        finally:
            publisher.close()
            output = child.communicate(timeout=120)[0]
    result = [line for line in output.splitlines() if line.startswith("RESULT")]
    if not result:
        sys.exit(f"the C# bench subscriber printed no result: {output!r}")
    # Its percentiles include the warm-up messages, like the C# rows of the transport bench.
    _, p50, p99 = result[0].split()
    return size, float(p50), float(p99)


def _format(ns: float) -> str:
    return f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.1f} µs" if ns >= 1e3 else f"{ns:.0f} ns"


def _format_size(size: int) -> str:
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB" if size >= 1 << 10 else f"{size} B"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    _require_pyarrow()
    generated = _generate_modules()
    runtime = tempfile.mkdtemp(prefix="qvbench-run-")
    os.environ["QUIVER_RUNTIME_DIR"] = runtime
    sys.path[:0] = [generated, str(REPO / "src" / "Python")]
    try:
        import quiver
        import vision
        print("| payload | C# → Python p50 | p99 | Python → C# p50 | p99 |")
        print("|---|---|---|---|---|")
        for size in SIZES:
            messages = args.messages if size < 16 << 20 else max(10, args.messages // 4)
            actual, cs_p50, cs_p99 = csharp_to_python(vision, quiver, size, messages)
            _, py_p50, py_p99 = python_to_csharp(vision, quiver, size, messages)
            label = _format_size(size) if actual == size else f"{_format_size(size)} ({actual} B frames from C#)"
            print(f"| {label} | {_format(cs_p50)} | {_format(cs_p99)} | {_format(py_p50)} | {_format(py_p99)} |", flush=True)
    finally:
        shutil.rmtree(generated, ignore_errors=True)
        shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    main()

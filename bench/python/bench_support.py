"""What the C#/Python benchmarks share: the generated modules, the C# bench children, and the
Python publisher and subscriber of each measurement.

Every payload starts with its send time, CLOCK_MONOTONIC in ns, little-endian (C#'s Stopwatch
timestamp on Linux, Python's time.monotonic_ns()), so a receiver in any process and language
measures now minus that. Modes, as in the C# transport bench: "typed-latency" and "latency" send
one message at a time (the next once the last was released), after WARMUP unrecorded ones;
"typed-throughput" and "throughput" send 64-byte messages as fast as the subscriber releases them.
Typed messages are vision.Image with the payload in Data; raw ones are plain samples (Lease).

Run as a script, this file is the Python subscriber child: bench_support.py subscribe <topic> <mode>."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WARMUP = 10
THROUGHPUT_WARMUP = 1000
# The raw contract of the C# transport bench (TransportBenchmark.Contract).
RAW_MESSAGE, RAW_FINGERPRINT = "bench.Bytes", 0x5EED5EED5EED5EED


def require_pyarrow() -> None:
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        sys.exit(f"{Path(sys.argv[0]).name} needs pyarrow and numpy ({e}); not run.")


def generate_modules() -> str:
    out = tempfile.mkdtemp(prefix="qvbench-")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", str(REPO / "src" / "Cli"), "--", "gen", "python",
                    str(REPO / "schemas"), "-o", out], check=True, capture_output=True)
    return out


def setup() -> tuple[str, str]:
    """Generates the modules, points this process (and its children) at them and at a private
    runtime directory; returns both folders for ``cleanup``."""
    require_pyarrow()
    generated = generate_modules()
    runtime = tempfile.mkdtemp(prefix="qvbench-run-")
    os.environ["QUIVER_RUNTIME_DIR"] = runtime
    os.environ["PYTHONPATH"] = os.pathsep.join([generated, str(REPO / "src" / "Python"), os.environ.get("PYTHONPATH", "")])
    sys.path[:0] = [generated, str(REPO / "src" / "Python")]
    return generated, runtime


def cleanup(*folders: str) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def csharp_bench(*args: str) -> subprocess.Popen:
    dll = REPO / "bench" / "Quiver.Transport.Bench" / "bin" / "Release" / "net10.0" / "Quiver.Transport.Bench.dll"
    if not dll.is_file():
        sys.exit(f"{dll} is missing; run `dotnet build -c Release Quiver.slnx` first.")
    return subprocess.Popen(["dotnet", "exec", str(dll), *args], stdout=subprocess.PIPE, text=True)


def python_subscriber_child(topic: str, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "subscribe", topic, mode], stdout=subprocess.PIPE, text=True)


def expect_line(child: subprocess.Popen, prefix: str) -> str:
    while (line := child.stdout.readline()) and not line.startswith(prefix):
        pass
    if not line:
        child.wait()
        sys.exit(f"a benchmark child (exit {child.returncode}) ended without printing {prefix}")
    return line.strip()


def result_of(child: subprocess.Popen) -> tuple[float, float]:
    """The two numbers of a child's RESULT line (p50 and p99 in ns, or messages/s and bytes)."""
    _, first, second = expect_line(child, "RESULT").split()
    child.wait(timeout=120)
    return float(first), float(second)


def percentiles(nanoseconds: list[float]) -> tuple[float, float]:
    ordered = sorted(nanoseconds)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


class Recorder:
    """Latencies after the warm-up, or the rate from the THROUGHPUT_WARMUP-th message on."""

    def __init__(self, latency: bool) -> None:
        self.latency = latency
        self.latencies: list[float] = []
        self.count = 0
        self.first_at = self.last_at = 0

    def record(self, sent_at: int, now: int) -> None:
        if self.latency and self.count >= WARMUP:
            self.latencies.append(now - sent_at)
        if self.count == THROUGHPUT_WARMUP:
            self.first_at = now
        self.last_at = now
        self.count += 1

    def result(self) -> tuple[float, float]:
        if self.latency:
            return percentiles(self.latencies)
        measured = self.count - THROUGHPUT_WARMUP - 1
        return measured / ((self.last_at - self.first_at) / 1e9), 0.0


def subscribe(topic: str, mode: str, on_ready=lambda: None) -> tuple[float, float]:
    """The Python subscriber: receives until the publisher leaves; returns the recorder's result."""
    import quiver
    import vision
    typed = mode.startswith("typed-")
    recorder = Recorder(mode.endswith("latency"))
    contract = vision.Image if typed else quiver.Contract(RAW_MESSAGE, RAW_FINGERPRINT)
    with quiver.subscribe(topic, contract, wait_for_publisher=60) as subscriber:
        on_ready()
        while (received := subscriber.receive()) is not None:
            now = time.monotonic_ns()
            payload = received.data if typed else received.memory
            recorder.record(int.from_bytes(memoryview(payload)[:8], "little"), now)
            del received, payload
    return recorder.result()


def publish(topic: str, mode: str, size: int, count: int, subscriber: subprocess.Popen) -> None:
    """The Python publisher: waits for ``subscriber`` to connect, then sends as the mode says."""
    import numpy as np
    import quiver
    import vision
    typed = mode.startswith("typed-")
    latency = mode.endswith("latency")
    contract = vision.Image if typed else quiver.Contract(RAW_MESSAGE, RAW_FINGERPRINT)
    with quiver.publish(topic, contract, segment_size=max(16 << 20, size + (1 << 20)), queue_depth=64 if latency else 4096,
                        held_warning_after=None) as publisher:
        if not publisher.wait_for_subscribers(1, 60):
            sys.exit("the subscriber did not connect")
        for i in range(count + WARMUP if latency else count):
            if latency:
                publisher.wait_for_in_flight(0, 60)
            elif i % 1024 == 0:
                publisher.wait_for_in_flight(2048, 60)
            if typed:
                with publisher.loan_message(width=size, height=1, step=size, encoding=vision.Encoding.Mono8, stamp=0,
                                            frame_id="", labels=[], data=size) as image:
                    # The payload is written in place by the producer in real use; only the time is written here.
                    image.data[:8] = np.frombuffer(time.monotonic_ns().to_bytes(8, "little"), np.uint8)
            else:
                loan = publisher.loan(size)
                loan.memory[:8] = time.monotonic_ns().to_bytes(8, "little")
                publisher.send(loan)
        publisher.wait_for_in_flight(0, 60)
        if publisher.stats().skipped:
            sys.exit("messages were skipped; the figures would be wrong")


def format_ns(ns: float) -> str:
    return f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.1f} µs" if ns >= 1e3 else f"{ns:.0f} ns"


def format_size(size: int) -> str:
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB" if size >= 1 << 10 else f"{size} B"


if __name__ == "__main__" and sys.argv[1:2] == ["subscribe"]:
    first, second = subscribe(sys.argv[2], sys.argv[3], on_ready=lambda: print("READY", flush=True))
    print(f"RESULT {first} {second}", flush=True)

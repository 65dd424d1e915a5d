"""Shows frames from a camera publisher (e.g. the C# examples/CameraPublisher publishing vision.Image
on camera/front) as numpy arrays read in place in the camera's shared memory. Prints, every second,
the frame rate, the latency from each frame's stamp to its arrival and the frames it holds; a
summary when the camera leaves. Exits with 1 if a frame was not intact or not read in place.

    quiver gen python schemas -o generated       # the message modules
    PYTHONPATH=generated:src/Python python3 examples/python/viewer.py [--topic camera/front] [--hold 2]

Needs pyarrow and numpy."""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import time

import numpy as np

import quiver
from vision import Encoding, Image


class FrameReport:
    """Counts frames and latencies; prints a line per second and a summary (as the C# viewer does)."""

    def __init__(self) -> None:
        self.latencies_ns: list[int] = []
        self._second: list[int] = []
        self._started = self._second_start = time.monotonic()
        self.bytes = 0
        self.max_held = 0
        self.broken = 0
        self.copied = 0

    def add(self, latency_ns: int, size: int, intact: bool, in_place: bool, held: int) -> None:
        if not self.latencies_ns:
            self._started = self._second_start = time.monotonic()
        self.latencies_ns.append(latency_ns)
        self._second.append(latency_ns)
        self.bytes += size
        self.max_held = max(self.max_held, held)
        self.broken += not intact
        self.copied += not in_place

    def print_every_second(self) -> None:
        elapsed = time.monotonic() - self._second_start
        if elapsed < 1:
            return
        print(f"py-viewer: {len(self._second) / elapsed:6.1f} frames/s  latency p50 {_ms(_percentile(self._second, 0.5))}  "
              f"max {_ms(max(self._second))}  held {self.max_held} frames", flush=True)
        self._second.clear()
        self._second_start = time.monotonic()

    def print_summary(self) -> None:
        frames = len(self.latencies_ns)
        if frames == 0:
            print("py-viewer: no frames received", flush=True)
            return
        seconds = max(time.monotonic() - self._started, 1e-9)
        in_place = "every frame read in place" if self.copied == 0 else f"{self.copied} frames NOT in shared memory"
        intact = "every frame intact" if self.broken == 0 else f"{self.broken} frames BROKEN"
        print(f"py-viewer: {frames} frames in {seconds:.1f} s ({frames / seconds:.1f} frames/s, {self.bytes / 1e9:.2f} GB read in place, "
              f"none copied); latency stamp->view p50 {_ms(_percentile(self.latencies_ns, 0.5))}, "
              f"p99 {_ms(_percentile(self.latencies_ns, 0.99))}, max {_ms(max(self.latencies_ns))}; "
              f"at most {self.max_held} frames held; {in_place}; {intact}", flush=True)


def _percentile(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _ms(nanoseconds: int) -> str:
    return f"{nanoseconds / 1e6:.3f} ms"


def pixels_of(image: Image) -> np.ndarray | None:
    """The frame as a (height, width, 3) numpy view of the shared-memory sample, or None if it is not RGB8."""
    if image.encoding != Encoding.Rgb8 or image.step != image.width * 3 or image.data.size != image.step * image.height:
        return None
    return np.frombuffer(image.data, np.uint8).reshape(image.height, image.width, 3)


def is_intact(frame: np.ndarray | None) -> bool:
    """The camera example's pattern: row y holds (row 0's byte + y) mod 256."""
    if frame is None or frame.shape[0] == 0:
        return False
    first = int(frame[0, 0, 0])
    rows = (0, frame.shape[0] // 2, frame.shape[0] - 1)
    return all(frame[y, 0, 0] == (first + y) % 256 and frame[y, -1, -1] == (first + y) % 256 for y in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description="Views vision.Image frames in place.")
    parser.add_argument("--topic", default="camera/front")
    parser.add_argument("--hold", type=int, default=2, help="frames kept, as a display keeps what it shows")
    args = parser.parse_args()
    # SIGTERM ends the stream like Ctrl-C does: the summary is printed and nothing is left behind.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    report = FrameReport()
    held: collections.deque[np.ndarray] = collections.deque()
    try:
        with quiver.subscribe(args.topic, Image, wait_for_publisher=30) as subscriber:
            print(f"py-viewer: subscribed to '{args.topic}' (publisher pid {subscriber.publisher_pid}), "
                  f"holding the last {args.hold} frames", flush=True)
            while (image := subscriber.receive()) is not None:
                latency = time.time_ns() - image.stamp_raw
                frame = pixels_of(image)
                in_place = frame is not None and subscriber.maps(frame.__array_interface__["data"][0], frame.nbytes)
                report.add(latency, image.data.size, is_intact(frame), in_place, len(held) + 1)
                # The numpy view holds the sample: it goes back to the camera when the view is dropped.
                if frame is not None:
                    held.append(frame)
                while len(held) > args.hold:
                    held.popleft()
                del image, frame
                report.print_every_second()
    except KeyboardInterrupt:
        pass
    finally:
        held.clear()
    report.print_summary()
    return 0 if report.broken == 0 and report.copied == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

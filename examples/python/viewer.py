"""Shows frames from a camera publisher (e.g. a C# one publishing vision.Image on camera/front) as
numpy arrays, zero-copy, and prints frames per second and delivery latency once a second.

    quiver gen python schemas -o generated       # the message modules
    PYTHONPATH=generated:src/Python python3 examples/python/viewer.py [topic]

Needs pyarrow and numpy."""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import quiver
from vision import Encoding, Image

CHANNELS = {Encoding.Rgb8: 3, Encoding.Bgr8: 3, Encoding.Mono8: 1}


def main(topic: str) -> None:
    with quiver.subscribe(topic, Image, wait_for_publisher=30) as subscriber:
        window_start = time.monotonic()
        latencies_us: list[float] = []
        while (received := subscriber.receive_sample()) is not None:
            image = received.message
            latencies_us.append((time.time_ns() - received.timestamp) / 1000)
            channels = CHANNELS.get(image.encoding)
            if channels is not None:
                # A view of the shared-memory sample: the drop token goes when frame and image are gone.
                rows = np.frombuffer(image.data, np.uint8).reshape(image.height, image.step)
                frame = rows[:, : image.width * channels].reshape(image.height, image.width, channels)
                mean = float(frame.mean())
            else:
                mean = float("nan")
            del image, received
            elapsed = time.monotonic() - window_start
            if elapsed >= 1.0:
                print(f"{len(latencies_us) / elapsed:7.1f} fps  latency p50 {statistics.median(latencies_us):8.1f} us  "
                      f"max {max(latencies_us):8.1f} us  mean pixel {mean:6.1f}", flush=True)
                window_start, latencies_us = time.monotonic(), []
    print("the publisher left")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "camera/front")

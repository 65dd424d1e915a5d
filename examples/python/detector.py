"""Publishes perception.Detections on a topic (default "detections") for a C# (or Python)
subscriber: one message a frame, with a moving box, so a subscriber can see the values change.

    quiver gen python schemas -o generated
    PYTHONPATH=generated:src/Python python3 examples/python/detector.py [topic] [count]

Needs pyarrow."""

from __future__ import annotations

import signal
import sys
import time

import quiver
from geometry import Vector3
from perception import BoundingBox2D, Detection, Detections


def detections(frame: int) -> Detections:
    started = time.perf_counter_ns()
    x = float(frame % 600)
    found = [
        Detection(label="person", class_=1, score=0.9, box=BoundingBox2D(x_min=x, y_min=40.0, x_max=x + 80.0, y_max=240.0),
                  position=Vector3(x=1.0, y=0.0, z=4.5), track_id=7),
        Detection(label="cup", class_=41, score=0.55, box=BoundingBox2D(x_min=300.0, y_min=200.0, x_max=330.0, y_max=240.0)),
    ]
    return Detections(stamp=time.time_ns(), frame_id=f"camera/front#{frame}", detections=found,
                      latency=(time.perf_counter_ns() - started) // 1000)


def main(topic: str, count: int) -> None:
    with quiver.publish(topic, Detections) as publisher:
        print(f"publishing {count} Detections on '{topic}'; waiting for a subscriber", flush=True)
        publisher.wait_for_subscribers(1, 60)
        for frame in range(count):
            publisher.send(detections(frame))
            time.sleep(1 / 30)  # a 30 fps camera's pace, not synchronisation
        publisher.wait_for_in_flight(0, 10)
        print(publisher.stats())


def stop_on_sigterm() -> None:
    """`kill` sends SIGTERM, which would end Python without unwinding: the publisher's `with` would not
    close it and its socket would stay behind as a stale topic. As SystemExit it unwinds like Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(0))


if __name__ == "__main__":
    stop_on_sigterm()
    main(sys.argv[1] if len(sys.argv) > 1 else "detections", int(sys.argv[2]) if len(sys.argv) > 2 else 300)

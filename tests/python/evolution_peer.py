"""The Python side of the schema evolution matrix (test_evolution.py): the same commands and lines as
the C# peer (tests/Quiver.Evolution.TestPeer/Program.cs). Usage:
evolution_peer.py <version> <modules folder> publish|subscribe <prefix>."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "Python"))
sys.path.insert(0, sys.argv[2])

import quiver  # noqa: E402
import evolution  # noqa: E402
from evolution_messages import field_lines, sent  # noqa: E402
from peer_output import say  # noqa: E402

WAIT = 60.0
REFUSAL_TOPICS = [
    ("type-change", "TypeChange"), ("nullability-change", "NullabilityChange"), ("non-null-added", "NonNullAdded"),
    ("non-null-removed", "NonNullRemoved"), ("field-renamed", "FieldRenamed"), ("nested-change", "NestedChange"),
    ("named", "Renamed" if hasattr(evolution, "Renamed") else "Named"),
]


def log(level: str, line: str) -> None:
    say(f"LOG {line}")


def main() -> None:
    version, command, prefix = int(sys.argv[1]), sys.argv[3], sys.argv[4]
    if command == "publish":
        publishers = [quiver.publish(f"{prefix}/{topic}", getattr(evolution, name), log=log) for topic, name in REFUSAL_TOPICS]
        with quiver.publish(f"{prefix}/reading", evolution.Reading, log=log) as reading:
            say("READY")
            if not reading.wait_for_subscribers(1, WAIT):
                raise TimeoutError("No subscriber to the reading.")
            reading.send(sent(evolution, version))
            say("SENT")
            sys.stdin.readline()
        for publisher in publishers:
            publisher.close()
        return
    for topic, name in REFUSAL_TOPICS:
        try:
            with quiver.subscribe(f"{prefix}/{topic}", getattr(evolution, name), wait_for_publisher=WAIT, log=log):
                say(f"ACCEPTED {topic}")
        except quiver.TopicUnavailableError as e:
            say(f"REFUSED {topic} {e}")
    with quiver.subscribe(f"{prefix}/reading", evolution.Reading, wait_for_publisher=WAIT, log=log) as subscriber:
        for line in field_lines(evolution, subscriber.receive(WAIT)):
            say(line)
    say("DONE")


if __name__ == "__main__":
    main()

"""The Python side of the schema evolution matrix (test_evolution.py): the same commands and lines as
the C# peer (tests/Quiver.Evolution.TestPeer/Program.cs). Usage:
evolution_peer.py <version> <modules folder> publish|subscribe <prefix>."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "Python"))
sys.path.insert(0, sys.argv[2])

import quiver  # noqa: E402
import evolution  # noqa: E402

WAIT = 60.0
REFUSAL_TOPICS = [
    ("type-change", "TypeChange"), ("nullability-change", "NullabilityChange"), ("non-null-added", "NonNullAdded"),
    ("non-null-removed", "NonNullRemoved"), ("field-renamed", "FieldRenamed"), ("nested-change", "NestedChange"),
    ("named", "Renamed" if hasattr(evolution, "Renamed") else "Named"),
]


def log(level: str, line: str) -> None:
    print(f"LOG {line}", flush=True)


def sent(version: int) -> evolution.Reading:
    Point, Mode = evolution.Point, evolution.Mode
    if version == 1:
        return evolution.Reading(id=7, label="seven", mode=Mode.On, origin=Point(x=1.5, y=-2.5),
                                 path=[Point(x=1, y=2), Point(x=3, y=4)], count=42)
    if version == 2:
        return evolution.Reading(count=42, id=7, mode=Mode.Auto, origin=Point(x=1.5, y=-2.5, z=3.5),
                                 path=[Point(x=1, y=2), Point(x=3, y=4, z=5)], exposure_us=1000)
    return evolution.Reading(id=7, mode=Mode.Auto, origin=Point(x=1.5, y=-2.5, z=3.5, w=4.5),
                             path=[Point(x=1, y=2), Point(x=3, y=4, z=5, w=6)], exposure_us=1000, note="hello")


def text(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def print_fields(path: str, message: object) -> None:
    # Attributes in field order, nested messages and lists of them flattened as C# prints them.
    for name in type(message)._ATTRIBUTES:
        value = getattr(message, name)
        at = name if path == "" else f"{path}.{name}"
        if hasattr(value, "_ATTRIBUTES"):
            print_fields(at, value)
        elif name == "path":
            # A list of messages reads as the struct array of the publisher's layout; each row as a view.
            for i in range(len(value)):
                print_fields(f"{at}.{i}", evolution.Point._quiver_view(value, i))
        else:
            print(f"FIELD {at}={text(value)}", flush=True)


def main() -> None:
    version, command, prefix = int(sys.argv[1]), sys.argv[3], sys.argv[4]
    if command == "publish":
        publishers = [quiver.publish(f"{prefix}/{topic}", getattr(evolution, name), log=log) for topic, name in REFUSAL_TOPICS]
        with quiver.publish(f"{prefix}/reading", evolution.Reading, log=log) as reading:
            print("READY", flush=True)
            if not reading.wait_for_subscribers(1, WAIT):
                raise TimeoutError("No subscriber to the reading.")
            reading.send(sent(version))
            print("SENT", flush=True)
            sys.stdin.readline()
        for publisher in publishers:
            publisher.close()
        return
    for topic, name in REFUSAL_TOPICS:
        try:
            with quiver.subscribe(f"{prefix}/{topic}", getattr(evolution, name), wait_for_publisher=WAIT, log=log):
                print(f"ACCEPTED {topic}", flush=True)
        except quiver.TopicUnavailableError as e:
            print(f"REFUSED {topic} {e}", flush=True)
    with quiver.subscribe(f"{prefix}/reading", evolution.Reading, wait_for_publisher=WAIT, log=log) as subscriber:
        print_fields("", subscriber.receive(WAIT))
    print("DONE", flush=True)


if __name__ == "__main__":
    main()

"""The evolution matrix's messages (tests/evolution v1 to v3): what a version's publisher sends, and a
received Reading as the FIELD lines the C# peer (tests/Quiver.Evolution.TestPeer) prints. Shared by
evolution_peer.py and test_evolution.py; `module` is a version's generated evolution module."""

from __future__ import annotations

import enum


def sent(module, version: int):
    Point, Mode = module.Point, module.Mode
    if version == 1:
        return module.Reading(id=7, label="seven", mode=Mode.On, origin=Point(x=1.5, y=-2.5),
                              path=[Point(x=1, y=2), Point(x=3, y=4)], count=42)
    if version == 2:
        return module.Reading(count=42, id=7, mode=Mode.Auto, origin=Point(x=1.5, y=-2.5, z=3.5),
                              path=[Point(x=1, y=2), Point(x=3, y=4, z=5)], exposure_us=1000)
    return module.Reading(id=7, mode=Mode.Auto, origin=Point(x=1.5, y=-2.5, z=3.5, w=4.5),
                          path=[Point(x=1, y=2), Point(x=3, y=4, z=5, w=6)], exposure_us=1000, note="hello")


def text(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def field_lines(module, message: object, path: str = "") -> list[str]:
    """Attributes in field order, nested messages and lists of them flattened as C# prints them."""
    lines = []
    for name in type(message)._ATTRIBUTES:
        value = getattr(message, name)
        at = name if path == "" else f"{path}.{name}"
        if hasattr(value, "_ATTRIBUTES"):
            lines.extend(field_lines(module, value, at))
        elif name == "path":
            # A list of messages reads as the struct array of the publisher's layout; each row as a view.
            for i in range(len(value)):
                lines.extend(field_lines(module, module.Point._quiver_view(value, i), f"{at}.{i}"))
        else:
            lines.append(f"FIELD {at}={text(value)}")
    return lines

"""Line output of the Python test peers (peer.py, bridge_peer.py, evolution_peer.py): one write per
line under a lock, since a peer's threads (its command reader, quiver's log callback) print while
the main thread does, and print() writes a line's text and its newline separately."""

from __future__ import annotations

import sys
import threading

_OUTPUT = threading.Lock()


def say(line: str) -> None:
    with _OUTPUT:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

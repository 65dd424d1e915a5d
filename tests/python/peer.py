"""A Python peer process for the transport tests, driven line by line like the C# test peer:
  subscribe <topic> hold   prints "READY <pid>", "SAMPLE <seq> <length> <ok|bad>" per sample (held),
                           "RELEASED <seq>" after stdin "RELEASE <seq>", then "END" or "FAULT <message>".
  publish <topic>          prints "READY <pid>"; "WAIT <n>" -> "SUBSCRIBED", "SEND <count> <length>" ->
                           "SENT <seq>" per sample, "DRAINED" after "DRAIN", "EXIT" -> leaves cleanly.
"""

import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src" / "Python"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quiver  # noqa: E402
from peer_output import say  # noqa: E402
from sample_pattern import pattern  # noqa: E402

RAW = quiver.Contract("test.Bytes", 0xABCDEF0123456789, bytes([1, 2, 3]))


def subscribe(topic: str) -> None:
    held = {}
    gate = threading.Lock()
    with quiver.subscribe(topic, RAW) as subscriber:
        say(f"READY {os.getpid()}")

        def commands() -> None:
            for line in sys.stdin:
                parts = line.split()
                if parts and parts[0] == "RELEASE":
                    with gate:
                        held.pop(int(parts[1])).close()
                    say(f"RELEASED {parts[1]}")

        threading.Thread(target=commands, daemon=True).start()
        try:
            for lease in subscriber:
                ok = bytes(lease.memory) == pattern(lease.sequence, lease.length)
                with gate:
                    held[lease.sequence] = lease
                say(f"SAMPLE {lease.sequence} {lease.length} {'ok' if ok else 'bad'}")
            say("END")
        except quiver.ProtocolError as e:
            say(f"FAULT {e}")


def publish(topic: str) -> None:
    with quiver.publish(topic, RAW, segment_size=1 << 20, max_segments=4) as publisher:
        say(f"READY {os.getpid()}")
        for line in sys.stdin:
            parts = line.split()
            if parts[0] == "WAIT":
                say("SUBSCRIBED" if publisher.wait_for_subscribers(int(parts[1]), 30) else "TIMEOUT")
            elif parts[0] == "SEND":
                for _ in range(int(parts[1])):
                    length = int(parts[2])
                    loan = publisher.loan(length)
                    # Sequences count up from 1 and this process is the only sender.
                    loan.memory[:] = pattern(publisher.stats().sent + 1, length)
                    say(f"SENT {publisher.send(loan)}")
            elif parts[0] == "DRAIN":
                say("DRAINED" if publisher.wait_for_in_flight(0, 30) else "TIMEOUT")
            elif parts[0] == "EXIT":
                return


if __name__ == "__main__":
    {"subscribe": subscribe, "publish": publish}[sys.argv[1]](sys.argv[2])

"""The Python subscriber of the chaos soak (bench/Quiver.Chaos), started by its driver:
chaos_subscriber.py <seed>. Needs the repository's src/Python on PYTHONPATH and numpy.

It speaks the same lines as the C# subscriber role (bench/Quiver.Chaos/ChaosSubscriber.cs) and
checks the same payloads (ChaosPayload.cs: change both together): connects to whichever publisher
holds the topic, checks every sample, keeps the last HELD_WINDOW and releases the rest (all of
them whenever nothing is waiting), and connects again when the publisher goes."""

from __future__ import annotations

import sys
import threading
from collections import deque

import numpy as np

from quiver import Contract, TopicUnavailableError, subscribe

TOPIC = "chaos/soak"
CONTRACT = Contract("chaos.Bytes", 0x0C4A05C4A05C4A05, b"\xc4")
HELD_WINDOW = 8
SILENCE = 120.0
MASK = (1 << 64) - 1
SEQUENCE_STEP = 0x9E3779B97F4A7C15
PUBLISHER_STEP = 0xBF58476D1CE4E5B9
STEP = 0x94D049BB133111EB
FULL_CHECK_UP_TO = 4096
PAGE = 4096
MAX_LENGTH = 4 << 20
# offset * STEP (mod 2^64) for every offset a sample can have checked: numpy's uint64 arithmetic wraps.
FULL_TERMS = np.arange(0, FULL_CHECK_UP_TO, 8, dtype=np.uint64) * np.uint64(STEP)
PAGE_TERMS = np.arange(0, MAX_LENGTH, PAGE, dtype=np.uint64) * np.uint64(STEP)


def split_mix(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) & MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & MASK
    return value ^ (value >> 31)


def base_of(seed: int, publisher: int, sequence: int) -> int:
    return (seed + publisher * PUBLISHER_STEP + sequence * SEQUENCE_STEP) & MASK


def length_of(seed: int, publisher: int, sequence: int) -> int:
    draw = split_mix(base_of(seed, publisher, sequence))
    size, tier = draw >> 16, draw % 1000
    low, high = ((64, 1 << 10) if tier < 700 else ((1 << 10) + 1, 64 << 10) if tier < 950
                 else ((64 << 10) + 1, 1 << 20) if tier < 995 else ((1 << 20) + 1, MAX_LENGTH))
    return low + size % (high - low + 1)


def matches(lease, seed: int, publisher: int) -> bool:
    length = lease.length
    if length != length_of(seed, publisher, lease.sequence):
        return False
    first = base_of(seed, publisher, lease.sequence)
    memory = lease.memory
    if length <= FULL_CHECK_UP_TO:
        count = (length - 16) // 8 + 1
        words = np.frombuffer(memory, dtype="<u8", count=count)
        expected = FULL_TERMS[:count] + np.uint64(first)
    else:
        count = (length - 16) // PAGE + 1
        words = np.ndarray((count,), dtype="<u8", buffer=memory, strides=(PAGE,))
        expected = PAGE_TERMS[:count] + np.uint64(first)
    last = int.from_bytes(memory[length - 8:], "little")
    ok = bool(np.array_equal(words, expected)) and last == (first + (length - 8) * STEP) & MASK
    del words, memory
    return ok


_OUTPUT = threading.Lock()


def say(line: str) -> None:
    # One write per line, under a lock: the input thread says STOPPING while the main thread may be
    # saying READY, and print() writes the text and its newline separately.
    with _OUTPUT:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def live(subscriber, seed: int) -> bool:
    """One connection, from the handshake to the end of its stream; False on a fault."""
    publisher = subscriber.publisher_pid
    held: deque = deque()
    first = last = received = bad = released = 0
    try:
        while True:
            try:
                sample = subscriber.receive_sample(timeout=0)
            except TimeoutError:
                released += release_all(held)
                sample = subscriber.receive_sample(timeout=SILENCE)
            if sample is None:
                break
            lease = sample.message
            if received == 0:
                first = lease.sequence
            received += 1
            if lease.sequence <= last:
                bad += 1
            last = lease.sequence
            if not matches(lease, seed, publisher):
                bad += 1
            held.append(lease)
            del sample, lease
            if len(held) > HELD_WINDOW:
                held.popleft().close()
                released += 1
    except Exception as e:  # the driver reads the reason; the process ends with a failure
        say(f"FAULT {type(e).__name__}: {e}")
        return False
    finally:
        released += release_all(held)
    # A lease still counted as unreleased after all were closed would be a lost drop token.
    bad += subscriber.unreleased
    say(f"LIFE {publisher} {first} {last} {received} {bad} {released} {subscriber.drop_tokens_sent}")
    return True


def release_all(held: deque) -> int:
    count = len(held)
    while held:
        held.popleft().close()
    return count


def connect(stopping: threading.Event):
    while not stopping.is_set():
        try:
            return subscribe(TOPIC, CONTRACT, wait_for_publisher=0.2)
        except TopicUnavailableError:
            pass  # no publisher yet (or a dead one's socket): it is being restarted
    return None


def main() -> int:
    seed = int(sys.argv[1])
    stopping = threading.Event()
    input_closed = threading.Event()

    def read_input() -> None:
        for line in sys.stdin:
            if line.strip() == "STOP":
                stopping.set()
                say("STOPPING")
        input_closed.set()

    threading.Thread(target=read_input, daemon=True).start()
    say(f"READY {__import__('os').getpid()}")
    while (subscriber := connect(stopping)) is not None:
        with subscriber:
            say(f"JOINED {subscriber.publisher_pid}")
            if not live(subscriber, seed):
                return 1
    say("DONE")
    input_closed.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

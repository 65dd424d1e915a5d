"""One-way latency of typed vision.Image messages between C# and Python processes, for the payload
sizes of the transport bench (64 B to 64 MiB), with C# -> C# measured the same way in the same run
as the baseline; prints a markdown table. Needs pyarrow and numpy.

    dotnet build -c Release Quiver.slnx
    /usr/bin/python3 bench/python/bench_latency.py [--messages 200]

Each pair is a publisher and a subscriber in two processes, one message in flight at a time (the
next is sent once the last was released), the send time (CLOCK_MONOTONIC) in the first 8 bytes of
Data, written in place; the subscriber measures now minus that time (bench_support.py). C#
processes are the transport bench's own publisher and subscriber (C# peers use the shared-memory
ring between them; a Python peer on either side means socket notification)."""

from __future__ import annotations

import argparse

import bench_support as bench

SIZES = [64, 4 << 10, 1 << 20, 16 << 20, 64 << 20]
MODE = "typed-latency"


def csharp_to_csharp(topic: str, size: int, messages: int) -> tuple[float, float]:
    publisher = bench.csharp_bench("quiver-publisher", topic, MODE, str(size), str(messages))
    bench.expect_line(publisher, "READY")
    subscriber = bench.csharp_bench("quiver-subscriber", topic, MODE)
    result = bench.result_of(subscriber)
    publisher.wait(timeout=120)
    return result


def csharp_to_python(topic: str, size: int, messages: int) -> tuple[float, float]:
    publisher = bench.csharp_bench("quiver-publisher", topic, MODE, str(size), str(messages))
    bench.expect_line(publisher, "READY")
    result = bench.subscribe(topic, MODE)
    publisher.wait(timeout=120)
    return result


def python_to_csharp(topic: str, size: int, messages: int) -> tuple[float, float]:
    subscriber = bench.csharp_bench("quiver-subscriber", topic, MODE)
    bench.publish(topic, MODE, size, messages, subscriber)
    return bench.result_of(subscriber)


def python_to_python(topic: str, size: int, messages: int) -> tuple[float, float]:
    subscriber = bench.python_subscriber_child(topic, MODE)
    bench.publish(topic, MODE, size, messages, subscriber)
    return bench.result_of(subscriber)


PAIRS = [("C# → C#", csharp_to_csharp), ("C# → Python", csharp_to_python), ("Python → C#", python_to_csharp),
         ("Python → Python", python_to_python)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    folders = bench.setup()
    try:
        # Processes and caches start up slower on the first round of a run; a short unrecorded round takes that.
        for name, measure in PAIRS:
            measure(f"bench/warmup-{len(name)}-{id(measure)}", 64, 20)
        print("| payload | " + " | ".join(f"{name} p50 / p99" for name, _ in PAIRS) + " | C# → Python / C# → C# (p50) | Python → C# / C# → C# (p50) |")
        print("|---:|" + "---:|" * (len(PAIRS) + 2))
        for size in SIZES:
            messages = args.messages if size < 16 << 20 else max(10, args.messages // 4)
            results = [measure(f"bench/latency-{i}-{size}", size, messages) for i, (_, measure) in enumerate(PAIRS)]
            baseline = results[0][0]
            cells = " | ".join(f"{bench.format_ns(p50)} / {bench.format_ns(p99)}" for p50, p99 in results)
            print(f"| {bench.format_size(size)} | {cells} | {results[1][0] / baseline:.1f}x | {results[2][0] / baseline:.1f}x |", flush=True)
    finally:
        bench.cleanup(*folders)


if __name__ == "__main__":
    main()

"""Small-message throughput (64 B payloads) from C# and from Python to a Python subscriber, typed
(vision.Image, message views) and raw (leases), with C# -> C# measured the same way in the same
run; prints a markdown table. Needs pyarrow and numpy.

    dotnet build -c Release Quiver.slnx
    /usr/bin/python3 bench/python/bench_throughput.py [--messages 100000]

The publisher sends as fast as the subscriber releases (at most 2048 in flight, none skipped); the
subscriber counts from its 1000th message to its last (bench_support.py)."""

from __future__ import annotations

import argparse

import bench_support as bench


def csharp_to(subscriber_language: str, topic: str, mode: str, messages: int) -> float:
    publisher = bench.csharp_bench("quiver-publisher", topic, mode, "64", str(messages))
    bench.expect_line(publisher, "READY")
    if subscriber_language == "C#":
        per_second, _ = bench.result_of(bench.csharp_bench("quiver-subscriber", topic, mode))
    else:
        per_second, _ = bench.subscribe(topic, mode)
    publisher.wait(timeout=300)
    return per_second


def python_to_python(topic: str, mode: str, messages: int) -> float:
    subscriber = bench.python_subscriber_child(topic, mode)
    bench.publish(topic, mode, 64, messages, subscriber)
    return bench.result_of(subscriber)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    folders = bench.setup()
    try:
        print("| small messages (64 B), one subscriber | C# → C# | C# → Python | Python → Python | C# → Python / C# → C# |")
        print("|---|---:|---:|---:|---:|")
        for mode, label in (("typed-throughput", "typed `vision.Image`, message views"), ("throughput", "raw samples, leases")):
            csharp = csharp_to("C#", f"bench/tp-cs-cs-{mode}", mode, args.messages)
            python = csharp_to("Python", f"bench/tp-cs-py-{mode}", mode, args.messages)
            python_only = python_to_python(f"bench/tp-py-py-{mode}", mode, args.messages)
            print(f"| {label} | {csharp:,.0f}/s | {python:,.0f}/s | {python_only:,.0f}/s | {python / csharp:.2f} |", flush=True)
    finally:
        bench.cleanup(*folders)


if __name__ == "__main__":
    main()

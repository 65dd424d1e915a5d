"""Shared fixtures: the runtime package on sys.path, a private runtime directory and topic per
test, and child processes that are always killed and waited for."""

from __future__ import annotations

import itertools
import queue
import threading
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src" / "Python"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quiver  # noqa: E402

RAW = quiver.Contract("test.Bytes", 0xABCDEF0123456789, bytes([1, 2, 3]))
_topics = itertools.count()
# A generous bound so a broken peer fails the test instead of hanging it; never a synchronisation.
CHILD_TIMEOUT = 60


@pytest.fixture
def runtime_dir(monkeypatch):
    # Not tmp_path: its long name would not fit a socket address (107 bytes).
    path = tempfile.mkdtemp(prefix="qvpy-")
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def topic(runtime_dir):
    return f"test/t{os.getpid()}-{next(_topics)}"


class Child:
    """A line-driven child process (tests/python/peer.py or the C# test peer)."""

    def __init__(self, args: list[str]) -> None:
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, bufsize=1, env=os.environ.copy())
        self._lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put("")

    def say(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def expect(self, prefix: str) -> str:
        try:
            line = self._lines.get(timeout=CHILD_TIMEOUT)
        except queue.Empty:
            line = f"<nothing within {CHILD_TIMEOUT} s>"
        if not line.startswith(prefix):
            self.process.kill()
            raise AssertionError(f"expected '{prefix}…' from the child, got {line!r}; stderr: {self.process.stderr.read()}")
        return line.strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        # The reader sees end-of-file once the process is gone; closing stdout under it would fail it.
        self._reader.join()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


@pytest.fixture
def children():
    started: list[Child] = []

    def start(args: list[str]) -> Child:
        child = Child(args)
        started.append(child)
        return child

    yield start
    for child in started:
        child.stop()


def python_peer(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve().parent / "peer.py"), *args]


def csharp_peer(*args: str) -> list[str]:
    """The C# transport test peer; `dotnet build` (scripts/test) puts it under bin/Release or bin/Debug."""
    base = REPO / "tests" / "Quiver.Transport.TestPeer" / "bin"
    candidates = sorted(base.glob("*/net*/Quiver.Transport.TestPeer.dll"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not candidates:
        pytest.fail(f"The C# test peer is not built ({base}); run `dotnet build tests/Quiver.Transport.TestPeer -c Release` first.")
    dotnet = shutil.which("dotnet") or pytest.fail("dotnet is not on PATH; the cross-language tests need it.")
    return [dotnet, "exec", str(candidates[0]), *args]

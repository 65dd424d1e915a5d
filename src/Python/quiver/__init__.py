"""Quiver for Python: typed, zero-copy messaging over shared memory (docs/python.md).

``subscribe`` and ``publish`` speak the topic protocol of docs/protocol.md with C# and Python
peers. Raw samples need only the standard library; typed messages need pyarrow."""

from __future__ import annotations

from typing import Any

from .allocator import ALIGNMENT
from .contract import Contract
from .errors import FingerprintMismatchError, PoolExhaustedError, ProtocolError, TopicUnavailableError
from .lease import Lease
from .publisher import Loan, OutstandingSample, Publisher, PublisherStats
from .subscriber import Received, Subscriber
from .rendezvous import runtime_directory, socket_path, topics

__all__ = [
    "ALIGNMENT", "Contract", "FingerprintMismatchError", "Lease", "Loan", "OutstandingSample", "PoolExhaustedError",
    "ProtocolError", "Publisher", "Received", "PublisherStats", "Subscriber", "TopicUnavailableError", "publish", "runtime_directory",
    "socket_path", "subscribe", "topics",
]


def subscribe(topic: str, message: type | Contract, **options: Any) -> Subscriber:
    """Connects to the publisher of ``topic`` (waiting up to ``wait_for_publisher`` seconds, 10 by
    default). ``message`` is a generated message class (samples arrive as message views; needs
    pyarrow) or a ``Contract`` (samples arrive as ``Lease``s of raw bytes)."""
    return Subscriber(topic, message, **options)


def publish(topic: str, message: type | Contract, **options: Any) -> Publisher:
    """Binds ``topic`` (replacing the socket of a publisher that died) and accepts subscribers."""
    return Publisher(topic, message, **options)

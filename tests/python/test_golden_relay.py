"""Arrow data across languages without pyarrow: record batches written by Arrow C++ 21 (the golden
files of arrow-testing) go Python publisher -> C# subscriber, which decodes them with Quiver's Arrow
reader and re-encodes them with its writer -> C# publisher -> Python subscriber."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import quiver
from conftest import REPO, csharp_peer
from ipc_peek import RECORD_BATCH, SCHEMA, record_batch_shape, split_stream


def _golden(name: str) -> bytes:
    root = Path(os.environ.get("QUIVER_ARROW_TESTING") or REPO / "tests" / "data" / "arrow-testing")
    path = root / "ipc-stream" / "cpp-21.0.0" / name
    if not path.is_file():
        pytest.fail(f"Golden Arrow IPC file {path} is missing; set QUIVER_ARROW_TESTING to the arrow-testing checkout.")
    return path.read_bytes()


@pytest.mark.parametrize("name", ["generated_primitive.stream", "generated_nested.stream", "generated_datetime.stream"])
def test_cpp_written_batches_survive_a_csharp_relay(topic, children, name):
    messages = split_stream(_golden(name))
    assert messages[0][0] == SCHEMA
    batches = [m for kind, m in messages[1:] if kind == RECORD_BATCH]
    assert batches, f"{name} holds no record batch"
    contract = quiver.Contract("golden.Batch", 0x0123456789ABCDEF, messages[0][1])
    back = topic + "-back"
    with quiver.publish(topic, contract) as publisher:
        relay = children(csharp_peer("relay", topic, back, contract.message_type, f"{contract.fingerprint:016x}"))
        relay.expect("READY")
        with quiver.subscribe(back, contract, wait_for_publisher=30) as subscriber:
            relay.say("WAIT 1")
            relay.expect("SUBSCRIBED")
            assert publisher.wait_for_subscribers(1, 30)
            for batch in batches:
                sequence = publisher.send_bytes(batch)
                assert relay.expect("RELAYED") == f"RELAYED {sequence}"
                with subscriber.receive(30) as relayed:
                    assert record_batch_shape(bytes(relayed.memory)) == record_batch_shape(batch)
            assert subscriber.publisher_schema == messages[0][1]

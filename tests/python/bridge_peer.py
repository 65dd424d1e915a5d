"""A Python peer for the C# bridge tests (tests/Quiver.Bridge.Tests), driven line by line:
  subscribe <topic> <fingerprint hex> <schema file>
      prints "READY <pid>" once connected, per sample "IMAGE <frame id> <data length> <sha256 of
      data> <labels>" read with pyarrow from the record batch, then "END".
  publish <topic> <fingerprint hex> <schema file> <length,...>
      prints "READY <pid>"; on "SEND" sends image n of each length (the pattern of the C# peer's
      ImagePattern) and prints "SENT <n>"; leaves when stdin closes.
The contract is vision.Image's, handed over by the test so this peer needs no generated module.
"""

import hashlib
import os
import sys

import numpy
import pyarrow as pa

import quiver
from peer_output import say


def pattern(n: int, length: int) -> bytes:
    # As ImagePattern.Data in C#: (k * 131) ^ (k >> 9) ^ (n * 17), truncated to a byte.
    k = numpy.arange(length, dtype=numpy.uint64)
    return (((k * 131) ^ (k >> 9) ^ (n * 17)) & 0xFF).astype(numpy.uint8).tobytes()


def subscribe(topic: str, contract: quiver.Contract) -> None:
    schema = pa.ipc.read_schema(pa.py_buffer(contract.schema))
    with quiver.subscribe(topic, contract, wait_for_publisher=30) as subscriber:
        say(f"READY {os.getpid()}")
        for lease in subscriber:
            with lease:
                batch = pa.ipc.read_record_batch(pa.py_buffer(lease.memory), schema)
                data = batch.column("data")[0].as_py()
                labels = ",".join(batch.column("labels")[0].as_py())
                say(f"IMAGE {batch.column('frame_id')[0].as_py()} {len(data)} {hashlib.sha256(data).hexdigest()} {labels}")
        say("END")


def image(schema: pa.Schema, n: int, length: int) -> pa.RecordBatch:
    values = {
        "width": length, "height": 1, "step": length, "encoding": 2, "stamp": n * 1_000_000_000,
        "frame_id": f"frame-{n}", "data": pattern(n, length), "labels": ["from-python"], "pose": None,
    }
    return pa.RecordBatch.from_arrays([pa.array([values[field.name]], type=field.type) for field in schema], schema=schema)


def publish(topic: str, contract: quiver.Contract, lengths: list[int]) -> None:
    schema = pa.ipc.read_schema(pa.py_buffer(contract.schema))
    with quiver.publish(topic, contract) as publisher:
        say(f"READY {os.getpid()}")
        n = 0
        for line in sys.stdin:
            if line.split() == ["SEND"]:
                for length in lengths:
                    publisher.send_bytes(image(schema, n, length).serialize())
                    n += 1
                say(f"SENT {n}")


def main() -> None:
    mode, topic, fingerprint, schema_file = sys.argv[1:5]
    with open(schema_file, "rb") as f:
        contract = quiver.Contract("vision.Image", int(fingerprint, 16), f.read())
    if mode == "subscribe":
        subscribe(topic, contract)
    else:
        publish(topic, contract, [int(length) for length in sys.argv[5].split(",")])


if __name__ == "__main__":
    main()

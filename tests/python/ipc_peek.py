"""Just enough of the Arrow IPC framing and flatbuffers (Message.fbs) to split a stream into
encapsulated messages and read a RecordBatch's row count and field nodes, without pyarrow."""

from __future__ import annotations

import struct

SCHEMA, RECORD_BATCH = 1, 3


def _table_field(buf: bytes, table: int, index: int) -> int | None:
    """Absolute position of field ``index`` of the table at ``table``, or None when absent."""
    vtable = table - struct.unpack_from("<i", buf, table)[0]
    vtable_size = struct.unpack_from("<H", buf, vtable)[0]
    entry = 4 + 2 * index
    if entry >= vtable_size:
        return None
    offset = struct.unpack_from("<H", buf, vtable + entry)[0]
    return table + offset if offset else None


def _message(metadata: bytes) -> tuple[int, int, int]:
    """(header type, header table position, body length) of a flatbuffer ``Message``."""
    root = struct.unpack_from("<I", metadata, 0)[0]
    kind_at = _table_field(metadata, root, 1)
    header_at = _table_field(metadata, root, 2)
    body_at = _table_field(metadata, root, 3)
    header = header_at + struct.unpack_from("<I", metadata, header_at)[0]
    return metadata[kind_at], header, struct.unpack_from("<q", metadata, body_at)[0] if body_at else 0


def split_stream(stream: bytes) -> list[tuple[int, bytes]]:
    """(header type, whole encapsulated message) for each message before end-of-stream."""
    messages, at = [], 0
    while at + 8 <= len(stream):
        marker, length = struct.unpack_from("<Ii", stream, at)
        if marker != 0xFFFFFFFF or length == 0:
            break
        metadata = stream[at + 8:at + 8 + length]
        kind, _, body_length = _message(metadata)
        end = at + 8 + length + body_length
        messages.append((kind, stream[at:end]))
        at = end
    return messages


def record_batch_shape(message: bytes) -> tuple[int, list[tuple[int, int]]]:
    """(row count, [(length, null count) per field node]) of an encapsulated RecordBatch message."""
    length = struct.unpack_from("<i", message, 4)[0]
    metadata = message[8:8 + length]
    kind, header, _ = _message(metadata)
    assert kind == RECORD_BATCH, f"message type {kind} is not a RecordBatch"
    rows_at = _table_field(metadata, header, 0)
    rows = struct.unpack_from("<q", metadata, rows_at)[0] if rows_at else 0
    nodes_at = _table_field(metadata, header, 1)
    nodes: list[tuple[int, int]] = []
    if nodes_at:
        vector = nodes_at + struct.unpack_from("<I", metadata, nodes_at)[0]
        count = struct.unpack_from("<I", metadata, vector)[0]
        nodes = [struct.unpack_from("<qq", metadata, vector + 4 + 16 * i) for i in range(count)]
    return rows, nodes

"""Where a typed sample's record batch lies in its loan; plain arithmetic, no pyarrow.

A typed send writes an Arrow IPC *stream* (schema message, the record batch message, end-of-stream
marker) straight into the loaned sample with pyarrow's stream writer, and the sample frame points
at the record batch message alone, which is what protocol.md says a sample holds (with the
dictionary batches the writer puts before it when columns are dictionary-encoded: the
``batch_length`` given then covers them too). The stream
starts ``(-schema_length) % 64`` bytes into the loan so that the record batch message, and with it
its body, starts 64-byte aligned (loans are 64-byte aligned)."""

from __future__ import annotations

from dataclasses import dataclass

ALIGNMENT = 64
# The IPC end-of-stream marker the writer appends on close: continuation 0xFFFFFFFF, length 0.
END_OF_STREAM_LENGTH = 8
CONTINUATION = b"\xff\xff\xff\xff"
END_OF_STREAM = CONTINUATION + bytes(4)


@dataclass(frozen=True)
class StreamPlacement:
    stream_start: int
    """Where the stream writer starts, in bytes from the start of the loan."""
    batch_start: int
    """Where the RecordBatch message starts: the sample's offset within the loan (64-byte aligned)."""
    batch_length: int
    """The encapsulated RecordBatch message's length: the sample's length."""
    loan_length: int
    """Bytes to loan: padding, schema message, RecordBatch message, end-of-stream marker."""

    @property
    def stream_length(self) -> int:
        return self.loan_length - self.stream_start


def place_stream(schema_length: int, batch_length: int) -> StreamPlacement:
    """The placement of a stream whose schema message has ``schema_length`` bytes
    (``len(schema.serialize())``) and whose record batch message has ``batch_length`` bytes
    (``pa.ipc.get_record_batch_size(batch)``)."""
    if schema_length <= 0 or batch_length <= 0:
        raise ValueError("Encapsulated IPC messages are not empty.")
    stream_start = -schema_length % ALIGNMENT
    batch_start = stream_start + schema_length
    return StreamPlacement(stream_start, batch_start, batch_length, batch_start + batch_length + END_OF_STREAM_LENGTH)

"""The pyarrow side of the runtime, imported only when a typed message is sent or received."""

from __future__ import annotations

from typing import Any

from ._generated import _contains
from .errors import ProtocolError
from .stream_layout import CONTINUATION, END_OF_STREAM, END_OF_STREAM_LENGTH, StreamPlacement, place_stream

_EXPLANATION = (
    "pyarrow is required to send or receive typed Quiver messages (install it with "
    "`pip install pyarrow`); raw samples (Contract, send_bytes, Lease.memory) work without it."
)


_PYARROW: Any = None


def require_pyarrow() -> Any:
    """pyarrow with its ipc submodule, imported on first use and then kept (every sample needs it)."""
    global _PYARROW
    if _PYARROW is None:
        try:
            import pyarrow
            import pyarrow.ipc  # noqa: F401  (the submodule is what reads and writes samples)
        except ImportError as e:
            raise ImportError(_EXPLANATION) from e
        _PYARROW = pyarrow
    return _PYARROW


def schema_message(message_class: type) -> bytes:
    """The encapsulated IPC ``Schema`` message of a generated class (``pa.Schema.serialize``)."""
    require_pyarrow()
    return message_class.SCHEMA.serialize().to_pybytes()


def read_sample(lease: Any, message_class: type, publisher_schema: Any = None) -> Any:
    """The message in ``lease``, read in place: the batch's buffers point into the shared-memory
    segment, and each holds the lease (``base=lease``), so the drop token goes only when pyarrow
    lets the last of them go (slices, numpy views and C Data exports included). A compatible
    publisher's sample (``publisher_schema``, docs/schema-language.md §9) is read in that schema;
    views find their columns by name, and read the ones it lacks as None."""
    pa = require_pyarrow()
    buffer = pa.foreign_buffer(lease.address, lease.length, base=lease)
    schema = message_class.SCHEMA if publisher_schema is None else publisher_schema
    try:
        if has_dictionaries(message_class) if publisher_schema is None else _schema_has_dictionaries(pa, schema):
            batch = _read_with_dictionaries(pa, buffer, schema)
        else:
            batch = pa.ipc.read_record_batch(buffer, schema)
        # The bytes come from another process: offsets and lengths are checked before any use.
        batch.validate(full=True)
    except (pa.ArrowException, OSError) as e:
        # A truncated message is an IOError status, which pyarrow raises as OSError (not an ArrowException).
        raise ProtocolError(f"Sample {lease.sequence} is not a valid '{message_class.MESSAGE}' record batch: {e}") from None
    if batch.num_rows == 1:
        # Read against the class's own schema (or a compatible one), so from_arrow's schema check would only cost time or refuse.
        return message_class._quiver_view(batch, 0)
    return message_class.Batch._over(batch)


# Per generated message class: whether a field is dictionary-encoded (asked for every sample).
_DICTIONARY_CLASSES: dict[type, bool] = {}


def has_dictionaries(message_class: type) -> bool:
    """Whether a field of ``message_class``'s schema is dictionary-encoded, at any depth."""
    encoded = _DICTIONARY_CLASSES.get(message_class)
    if encoded is None:
        pa = require_pyarrow()
        encoded = _DICTIONARY_CLASSES[message_class] = _schema_has_dictionaries(pa, message_class.SCHEMA)
    return encoded


def _schema_has_dictionaries(pa: Any, schema: Any) -> bool:
    return any(_contains(t, pa.types.is_dictionary) for t in schema.types)


def _read_with_dictionaries(pa: Any, sample: Any, schema: Any) -> Any:
    # The sample holds the dictionary batches, then the record batch (protocol.md). pyarrow reads
    # dictionaries only through a stream reader and offers no way to chain the topic's schema
    # message before the sample in place, so this message is copied once; the others are not.
    stream = pa.py_buffer(schema.serialize().to_pybytes() + sample.to_pybytes())
    reader = pa.ipc.open_stream(stream)
    batch = reader.read_next_batch()
    try:
        reader.read_next_batch()
    except StopIteration:
        return batch
    raise pa.ArrowInvalid("the sample holds more than one record batch")


def record_batch_of(message: Any) -> Any:
    """The record batch to send: a message's one-row batch or a ``Batch``'s batch."""
    require_pyarrow()
    return message.to_arrow()


def placement_of(batch: Any, schema_length: int, message_class: type) -> StreamPlacement:
    """Where ``batch`` goes in a loan (stream_layout.py). The sample is what the stream writer
    writes after the schema: ``pa.ipc.get_record_batch_size``, the encapsulated RecordBatch
    message, or, when columns are dictionary-encoded, their dictionary batches before it too,
    measured by writing the stream to a ``MockOutputStream``."""
    pa = require_pyarrow()
    if not has_dictionaries(message_class):
        return place_stream(schema_length, pa.ipc.get_record_batch_size(batch))
    sink = pa.MockOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return place_stream(schema_length, sink.size() - schema_length - END_OF_STREAM_LENGTH)


class _LoanSink:
    """A write-only file for pyarrow's stream writer that lays the stream into a loan, except the
    buffers whose addresses are in ``untouched``: their bytes are skipped (the position advances),
    so a payload the caller fills in place afterwards is never written twice. pyarrow hands a
    Python sink body buffers as ``pa.Buffer`` objects of the batch's own memory (no copy), the
    metadata as ``bytes``."""

    def __init__(self, memory: memoryview, untouched: frozenset[int]) -> None:
        self._memory = memory
        self._untouched = untouched
        self._position = 0
        self.closed = False

    def write(self, data: Any) -> int:
        length = data.size if hasattr(data, "address") else len(data)
        if length > len(self._memory) - self._position:
            raise OSError(f"The stream does not fit the loan: {length} more bytes at {self._position} of {len(self._memory)}.")
        if not (hasattr(data, "address") and data.address in self._untouched):
            self._memory[self._position:self._position + length] = memoryview(data).cast("B")
        self._position += length
        return length

    def tell(self) -> int:
        return self._position

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def write_stream(batch: Any, schema: Any, loan_memory: memoryview, placement: StreamPlacement,
                 untouched: frozenset[int] = frozenset()) -> Any:
    """Writes ``batch`` as an IPC stream with ``schema`` (the topic's, whose ``serialize()`` length
    ``placement`` was computed from) into the loan in place, no intermediate buffer, and checks that
    the RecordBatch message landed where ``placement`` says; returns the ``pa.Buffer`` over the loan
    that the writer wrote through. The buffers of ``batch`` whose addresses are in ``untouched`` are
    not copied: their place in the loan keeps whatever it held."""
    pa = require_pyarrow()
    start = placement.batch_start
    end = placement.loan_length - END_OF_STREAM_LENGTH
    # Cleared first so that markers left by an earlier sample in this memory cannot pass the check below.
    loan_memory[start:start + 4] = bytes(4)
    loan_memory[end:placement.loan_length] = bytes(END_OF_STREAM_LENGTH)
    target = pa.py_buffer(loan_memory[placement.stream_start:placement.loan_length])
    sink = _LoanSink(loan_memory[placement.stream_start:placement.loan_length], untouched) if untouched else pa.FixedSizeBufferWriter(target)
    # Explicit options: the defaults would follow ARROW_PRE_0_15_IPC_FORMAT and
    # ARROW_PRE_1_0_METADATA_VERSION from the environment (read on every call), and the legacy
    # format has no continuation markers, which protocol.md's samples have.
    writer = pa.ipc.new_stream(sink, schema, options=pa.ipc.IpcWriteOptions(metadata_version=pa.ipc.MetadataVersion.V5))
    writer.write_batch(batch)
    writer.close()
    # The sink cannot write past the loan, so both markers in place mean the stream has exactly the placed layout.
    if bytes(loan_memory[start:start + 4]) != CONTINUATION or bytes(loan_memory[end:placement.loan_length]) != END_OF_STREAM:
        raise RuntimeError(
            f"pyarrow's stream writer did not put the RecordBatch message at {start} and the end-of-stream marker at "
            f"{end}; the schema message it wrote differs from Schema.serialize() ({placement.batch_start - placement.stream_start} bytes).")
    return target

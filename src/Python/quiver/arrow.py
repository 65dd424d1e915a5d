"""The pyarrow side of the runtime, imported only when a typed message is sent or received."""

from __future__ import annotations

from typing import Any

from .errors import ProtocolError

_EXPLANATION = (
    "pyarrow is required to send or receive typed Quiver messages (install it with "
    "`pip install pyarrow`); raw samples (Contract, send_bytes, Lease.memory) work without it."
)


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.ipc  # noqa: F401  (the submodule is what reads and writes samples)
    except ImportError as e:
        raise ImportError(_EXPLANATION) from e
    return pyarrow


def schema_message(message_class: type) -> bytes:
    """The encapsulated IPC ``Schema`` message of a generated class (``pa.Schema.serialize``)."""
    require_pyarrow()
    return message_class.SCHEMA.serialize().to_pybytes()


def read_sample(lease: Any, message_class: type) -> Any:
    """The message in ``lease``, read in place: the batch's buffers point into the shared-memory
    segment, and each holds the lease (``base=lease``), so the drop token goes only when pyarrow
    lets the last of them go (slices, numpy views and C Data exports included)."""
    pa = require_pyarrow()
    buffer = pa.foreign_buffer(lease.address, lease.length, base=lease)
    try:
        batch = pa.ipc.read_record_batch(buffer, message_class.SCHEMA)
        # The bytes come from another process: offsets and lengths are checked before any use.
        batch.validate(full=True)
    except pa.ArrowException as e:
        raise ProtocolError(f"Sample {lease.sequence} is not a valid '{message_class.MESSAGE}' record batch: {e}") from None
    if batch.num_rows == 1:
        return message_class.from_arrow(batch)
    return message_class.Batch(batch)


def record_batch_of(message: Any) -> Any:
    """The record batch to send: a message's one-row batch or a ``Batch``'s batch."""
    require_pyarrow()
    return message.to_arrow()


def encapsulated_message(batch: Any) -> Any:
    """The encapsulated IPC ``RecordBatch`` message of ``batch`` without the schema
    (``pa.RecordBatch.serialize``), as a ``pa.Buffer``."""
    require_pyarrow()
    return batch.serialize()


def copy_into(message: Any, target: memoryview) -> None:
    """Writes ``message`` (a ``pa.Buffer``) into the sample memory through pyarrow's own writer."""
    pa = require_pyarrow()
    sink = pa.FixedSizeBufferWriter(pa.py_buffer(target))
    sink.write(message)
    sink.close()

"""A typed message written into a loaned sample, whose payload fields are then filled in place.

pyarrow's stream writer lays the message out with each payload at its requested size, and writes
everything but the payloads: their regions of the sample are left as they were, for the caller to
fill (the only write they get). The written batch is read back from the sample, and each payload
field's values buffer (its last Arrow buffer: the bytes of ``bytes``, the values of a list of
numbers) becomes a writable numpy view of exactly that region of the sample."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .arrow import has_dictionaries, placement_of, require_pyarrow, write_stream

if TYPE_CHECKING:
    from .publisher import Loan, Publisher


class MessageLoan:
    """Payload fields are writable numpy arrays (``m.data[:] = frame``) over memory that holds
    whatever it held before (not zeros: write every element); the other fields were fixed when the
    loan was made. ``send()`` sends it (the ``with`` block sends on a normal exit and gives
    the sample back on an exception); ``close()`` gives an unsent loan back. After sending, the views
    must not be written: subscribers may be reading the sample."""

    def __init__(self, publisher: "Publisher", loan: "Loan", batch_start: int, batch_length: int, views: dict[str, Any]) -> None:
        self._publisher = publisher
        self._loan = loan
        self._batch_start = batch_start
        self._batch_length = batch_length
        self._views = views

    def __getattr__(self, name: str) -> Any:
        views = self.__dict__.get("_views", {})
        if name in views:
            return views[name]
        raise AttributeError(f"'{name}' is not a payload field of this loan (payload fields: {', '.join(views) or 'none'}).")

    def send(self) -> int:
        return self._publisher.send(self._loan, self._batch_length, self._batch_start)

    def close(self) -> None:
        self._loan.close()

    def __enter__(self) -> "MessageLoan":
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self._loan.slot is None:
            return
        if kind is None:
            self.send()
        else:
            self.close()


def _payload_dtype(pa: Any, arrow_type: Any) -> Any:
    """The numpy dtype of a field whose one value can be filled in place, or None."""
    import numpy as np
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type) or pa.types.is_fixed_size_binary(arrow_type):
        return np.dtype(np.uint8)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        values = arrow_type.value_type
        # Booleans are bitmaps; only byte-addressable numbers make a numpy view. (Not
        # DataType.to_pandas_dtype(): it needs pandas.)
        kind = "i" if pa.types.is_signed_integer(values) else "u" if pa.types.is_unsigned_integer(values) else \
            "f" if pa.types.is_floating(values) else None
        if kind is not None:
            return np.dtype(f"<{kind}{values.bit_width // 8}")
    return None


_SKIP_FROM = 64 << 10


def _stand_in(pa: Any, arrow_type: Any) -> Any:
    """A small value of a payload field for the constructor; its column is replaced by the placeholder."""
    if pa.types.is_fixed_size_binary(arrow_type):
        return bytes(arrow_type.byte_width)
    if pa.types.is_fixed_size_list(arrow_type):
        return [0] * arrow_type.list_size
    return [] if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) else b""


def _placeholder(pa: Any, name: str, arrow_type: Any, count: int, values: Any) -> Any:
    """A one-row array of ``arrow_type`` whose payload is the ``count`` elements of ``values`` (a
    buffer the stream writer skips, so it is never read)."""
    import numpy as np
    fixed = arrow_type.byte_width if pa.types.is_fixed_size_binary(arrow_type) else \
        arrow_type.list_size if pa.types.is_fixed_size_list(arrow_type) else None
    if fixed is not None and count != fixed:
        raise ValueError(f"The payload field '{name}' holds exactly {fixed} elements, not {count}.")
    large = pa.types.is_large_binary(arrow_type) or pa.types.is_large_list(arrow_type)
    offsets = pa.py_buffer(np.array([0, count], np.int64 if large else np.int32))
    if pa.types.is_fixed_size_binary(arrow_type):
        return pa.Array.from_buffers(arrow_type, 1, [None, values])
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type):
        return pa.Array.from_buffers(arrow_type, 1, [None, offsets, values])
    items = pa.Array.from_buffers(arrow_type.value_type, count, [None, values])
    if pa.types.is_fixed_size_list(arrow_type):
        return pa.Array.from_buffers(arrow_type, 1, [None], children=[items])
    return pa.Array.from_buffers(arrow_type, 1, [None, offsets], children=[items])


def loan_message(publisher: "Publisher", message_class: type, schema_length: int, fields: dict[str, Any]) -> MessageLoan:
    pa = require_pyarrow()
    import numpy as np
    schema = message_class.SCHEMA
    if has_dictionaries(message_class):
        raise ValueError(f"{message_class.MESSAGE} has dictionary-encoded fields, whose dictionaries precede the record batch in "
                         "the sample; loan_message fills payloads of other schemas in place. Send the message with send() instead.")
    payload_sizes: dict[str, tuple[str, int, Any]] = {}
    values = dict(fields)
    for name, value in fields.items():
        # A field named like a Python keyword is `class_` in Python and `class` in the schema.
        column = name[:-1] if name.endswith("_") and schema.get_field_index(name) < 0 else name
        if not isinstance(value, int) or isinstance(value, bool) or schema.get_field_index(column) < 0:
            continue
        dtype = _payload_dtype(pa, schema.field(column).type)
        if dtype is None:
            continue
        if value < 0:
            raise ValueError(f"The payload field '{name}' cannot hold {value} elements.")
        payload_sizes[name] = (column, value, dtype)
        values[name] = _stand_in(pa, schema.field(column).type)
    if not payload_sizes:
        raise ValueError(f"Give the element count of at least one payload field (bytes, or a list of numbers) of {message_class.MESSAGE}.")
    # Each payload is laid out at its full size but never written here: its placeholder is memory
    # from np.zeros, which large sizes get as untouched pages, and the stream writer skips it.
    placeholders = {column: _placeholder(pa, name, schema.field(column).type, count, pa.py_buffer(np.zeros(count, dtype)))
                    for name, (column, count, dtype) in payload_sizes.items()}
    constructed = message_class(**values).to_arrow()
    batch = pa.RecordBatch.from_arrays([placeholders.get(name, column) for name, column in zip(schema.names, constructed.columns)],
                                       schema=schema)
    # Skipping costs a Python call per buffer the writer hands over; below _SKIP_FROM bytes of
    # payload, letting pyarrow's own writer copy the zeros is cheaper.
    payload_bytes = sum(count * dtype.itemsize for _, count, dtype in payload_sizes.values())
    untouched = frozenset(array.buffers()[-1].address for array in placeholders.values()
                          if array.buffers()[-1] is not None) if payload_bytes >= _SKIP_FROM else frozenset()
    placement = placement_of(batch, schema_length, message_class)
    loan = publisher.loan(placement.loan_length)
    try:
        written = write_stream(batch, schema, loan.memory, placement, untouched)
        sample = written.slice(placement.batch_start - placement.stream_start, placement.batch_length)
        # Read back (zero-copy) to learn where pyarrow put each payload's values in the sample.
        in_sample = pa.ipc.read_record_batch(sample, schema)
        views = {}
        for name, (column, count, dtype) in payload_sizes.items():
            if count == 0:
                views[name] = np.empty(0, dtype)
                continue
            values_buffer = in_sample.column(column).buffers()[-1]
            offset = placement.batch_start + (values_buffer.address - sample.address)
            if not placement.batch_start <= offset <= placement.batch_start + placement.batch_length - count * dtype.itemsize:
                raise RuntimeError(f"The values of '{name}' are not inside the written record batch.")
            views[name] = loan.numpy(dtype, offset, count)
    except BaseException:
        loan.close()
        raise
    return MessageLoan(publisher, loan, placement.batch_start, placement.batch_length, views)

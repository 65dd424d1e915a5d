"""A typed message written into a loaned sample, whose payload fields are then filled in place.

pyarrow writes the message once with zero-filled payloads of the requested sizes (the only write of
the payload region besides the caller's own); the written batch is read back from the sample, and
each payload field's values buffer (its last Arrow buffer: the bytes of ``bytes``, the values of a
list of numbers) becomes a writable numpy view of exactly that region of the sample."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .arrow import has_dictionaries, placement_of, require_pyarrow, write_stream

if TYPE_CHECKING:
    from .publisher import Loan, Publisher


class MessageLoan:
    """Payload fields are writable numpy arrays (``m.data[:] = frame``); the other fields were fixed
    when the loan was made. ``send()`` sends it (the ``with`` block sends on a normal exit and gives
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
        # Booleans are bitmaps; only byte-addressable numbers make a numpy view.
        if pa.types.is_integer(values) or pa.types.is_floating(values):
            return np.dtype(values.to_pandas_dtype())
    return None


def loan_message(publisher: "Publisher", message_class: type, schema_length: int, fields: dict[str, Any]) -> MessageLoan:
    pa = require_pyarrow()
    import numpy as np
    schema = message_class.SCHEMA
    if has_dictionaries(schema):
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
        values[name] = bytes(value) if dtype == np.uint8 else np.zeros(value, dtype)
    if not payload_sizes:
        raise ValueError(f"Give the element count of at least one payload field (bytes, or a list of numbers) of {message_class.MESSAGE}.")
    batch = message_class(**values).to_arrow()
    placement = placement_of(batch, schema_length)
    loan = publisher.loan(placement.loan_length)
    try:
        written = write_stream(batch, schema, loan.memory, placement)
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

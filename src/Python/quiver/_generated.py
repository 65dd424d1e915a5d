"""What the modules generated from ``.quiver`` schemas share (docs/python.md, "Generated modules").

Generated code imports these names; they are not an API of their own and change with the
generator. Nothing here needs pyarrow until Arrow is used, so generated modules import (names,
canonical schemas, fingerprints, constructors) without it."""

from __future__ import annotations

import collections.abc as _abc
import datetime as _dt
import enum as _enum
import typing as _t

if _t.TYPE_CHECKING:
    import pyarrow as pa

_M = _t.TypeVar("_M", bound="_Message")

_EPOCH = _dt.datetime(1970, 1, 1)
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MICROSECONDS_PER_UNIT = {"s": 1_000_000, "ms": 1_000, "us": 1}


def _pyarrow() -> _t.Any:
    try:
        import pyarrow
    except ImportError as error:
        raise ImportError(
            "pyarrow is required for the Arrow side of Quiver messages (SCHEMA, to_arrow, from_arrow, "
            "reading received messages); install it with 'pip install pyarrow'"
        ) from error
    return pyarrow


class _Schema:
    # A class attribute built with pyarrow on first access, so that importing the module does not need pyarrow.

    def __init__(self, build: _t.Callable[[_t.Any], pa.Schema]) -> None:
        self._build = build
        self._schema: pa.Schema | None = None

    def __get__(self, instance: object, owner: type) -> pa.Schema:
        if self._schema is None:
            self._schema = self._build(_pyarrow())
        return self._schema


class _RowCells:
    # The cells of one row of a record batch, by column name, as pyarrow scalars (views, no copy).

    __slots__ = ("batch", "row")

    def __init__(self, batch: pa.RecordBatch, row: int) -> None:
        self.batch = batch
        self.row = row

    def __getitem__(self, name: str) -> pa.Scalar:
        return self.batch.column(name)[self.row]


def _timedelta(raw: int, unit: str) -> _dt.timedelta:
    # A timedelta holds microseconds at most: nanoseconds are truncated (the raw value keeps them).
    if unit == "ns":
        return _dt.timedelta(microseconds=raw // 1_000)
    return _dt.timedelta(microseconds=raw * _MICROSECONDS_PER_UNIT[unit])


def _datetime(raw: int, unit: str, zoned: bool) -> _dt.datetime:
    return (_EPOCH_UTC if zoned else _EPOCH) + _timedelta(raw, unit)


def _raw_duration(value: _dt.timedelta | int | None, unit: str) -> int | None:
    if value is None or not isinstance(value, _dt.timedelta):
        return value
    microseconds = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    return microseconds * 1_000 if unit == "ns" else microseconds // _MICROSECONDS_PER_UNIT[unit]


def _raw_timestamp(value: _dt.datetime | int | None, unit: str) -> int | None:
    # A naive datetime counts from the naive epoch, an aware one from the UTC epoch.
    if value is None or not isinstance(value, _dt.datetime):
        return value
    return _raw_duration(value - (_EPOCH if value.tzinfo is None else _EPOCH_UTC), unit)


def _enum_or_int(enum_type: type[_enum.IntEnum], value: int | None) -> _t.Any:
    # Values no member names are passed through as plain ints, as in C#.
    if value is None:
        return None
    try:
        return enum_type(value)
    except ValueError:
        return int(value)


def _plain(cell: pa.Scalar) -> _t.Any:
    return cell.as_py()


def _buffer(cell: pa.Scalar) -> pa.Buffer:
    return cell.as_buffer()


def _values(cell: pa.Scalar) -> pa.Array:
    return cell.values


def _raw(cell: pa.Scalar) -> int:
    return cell.value


def _mapping(cell: pa.Scalar, convert: _t.Callable[[pa.Scalar], _t.Any] | None = None) -> dict[_t.Any, _t.Any]:
    # A map cell as a dict: keys as Python values, values as the field's properties give them
    # (as_py when no convert is given), None for a null value. Arrow maps may repeat a key;
    # the last entry wins, as in a dict built from the pairs.
    entries = cell.values
    keys, values = entries.field(0), entries.field(1)
    return {
        key.as_py(): None if not value.is_valid else (value.as_py() if convert is None else convert(value))
        for key, value in zip(keys, values)
    }


def _arrow_value(value: _t.Any) -> _t.Any:
    # A value as pyarrow.array converts it: messages as dicts keyed by column name, Arrow
    # buffers as memoryviews, Arrow arrays and scalars as Python values (times as raw integers,
    # which pyarrow takes for every unit without the datetime's microsecond limit).
    if hasattr(value, "_quiver_field"):  # a message of this or another generated module
        return {name: value._quiver_field(name) for name in value._FIELDS}
    if isinstance(value, (list, tuple)):
        return [_arrow_value(item) for item in value]
    if isinstance(value, _abc.Mapping):  # a map field: pyarrow takes its entries as (key, value) pairs
        return [(key, _arrow_value(item)) for key, item in value.items()]
    if not type(value).__module__.startswith("pyarrow"):
        return value
    pa = _pyarrow()
    if isinstance(value, pa.Buffer):
        return memoryview(value)
    if isinstance(value, pa.Array):
        return [_arrow_value(item) for item in value]
    if not value.is_valid:
        return None
    if isinstance(value, (pa.TimestampScalar, pa.DurationScalar)):
        return value.value
    if isinstance(value, pa.StructScalar):
        return {name: _arrow_value(item) for name, item in value.items()}
    if isinstance(value, pa.ListScalar):
        return _arrow_value(value.values)
    return value.as_py()


def _check_schema(message: type[_Message], schema: pa.Schema) -> None:
    fingerprint = (schema.metadata or {}).get(b"quiver.fingerprint")
    if fingerprint is not None and fingerprint.decode() != message.FINGERPRINT:
        raise ValueError(
            f"the record batch holds messages with fingerprint {fingerprint.decode()}, "
            f"not {message.MESSAGE} (fingerprint {message.FINGERPRINT}); both sides must use the same schema"
        )
    if fingerprint is None and not schema.equals(message.SCHEMA):
        raise ValueError(f"the record batch's schema is not the schema of {message.MESSAGE}:\n{schema}")


def _record_batch(message: type[_Message], messages: _t.Sequence[_Message]) -> pa.RecordBatch:
    pa = _pyarrow()
    schema = message.SCHEMA
    columns = [
        _column(pa, [m._quiver_field(name) for m in messages], arrow_type)
        for name, arrow_type in zip(message._FIELDS, schema.types)
    ]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _column(pa: _t.Any, values: list[_t.Any], arrow_type: pa.DataType) -> pa.Array:
    # pyarrow's builders give a dictionary-encoded child of null structs the index 0 into an empty
    # dictionary, which its own validation (and Quiver's) refuses; built with the value types and
    # then cast, such a slot points at a dictionary value.
    if not _has_dictionary(pa, arrow_type):
        return pa.array(values, type=arrow_type)
    return pa.array(values, type=_without_dictionaries(pa, arrow_type)).cast(arrow_type)


def _has_dictionary(pa: _t.Any, arrow_type: pa.DataType) -> bool:
    return pa.types.is_dictionary(arrow_type) or any(
        _has_dictionary(pa, arrow_type.field(i).type) for i in range(arrow_type.num_fields))


def _without_dictionaries(pa: _t.Any, arrow_type: pa.DataType) -> pa.DataType:
    # The type with every dictionary replaced by its value type, at any depth.
    def field(f: pa.Field) -> pa.Field:
        return f.with_type(_without_dictionaries(pa, f.type))

    if pa.types.is_dictionary(arrow_type):
        return arrow_type.value_type
    if pa.types.is_struct(arrow_type):
        return pa.struct([field(arrow_type.field(i)) for i in range(arrow_type.num_fields)])
    if pa.types.is_map(arrow_type):
        return pa.map_(field(arrow_type.key_field), field(arrow_type.item_field), arrow_type.keys_sorted)
    if pa.types.is_fixed_size_list(arrow_type):
        return pa.list_(field(arrow_type.value_field), arrow_type.list_size)
    if pa.types.is_list(arrow_type):
        return pa.list_(field(arrow_type.value_field))
    return arrow_type


class _Message:
    # What every message class shares. A message is either a view of a received row (its
    # cells are pyarrow scalars read in place) or the values given to its constructor.

    __slots__ = ("_cells", "_values")
    MESSAGE: _t.ClassVar[str]
    FINGERPRINT: _t.ClassVar[str]
    CANONICAL_SCHEMA: _t.ClassVar[str]
    SCHEMA: _t.ClassVar[pa.Schema]
    _FIELDS: _t.ClassVar[tuple[str, ...]]
    _ATTRIBUTES: _t.ClassVar[tuple[str, ...]]

    @classmethod
    def _quiver_view(cls: type[_M], cells: _t.Any) -> _M:
        message = object.__new__(cls)
        message._cells = cells
        message._values = None
        return message

    @classmethod
    def from_arrow(cls: type[_M], batch: pa.RecordBatch, row: int = 0) -> _M:
        """The message in row ``row`` of ``batch``, read in place: nothing is copied until a property is read, and payloads never are."""
        _check_schema(cls, batch.schema)
        if not 0 <= row < batch.num_rows:
            raise IndexError(f"row {row} is out of range; the record batch has {batch.num_rows} rows")
        return cls._quiver_view(_RowCells(batch, row))

    def to_arrow(self) -> pa.RecordBatch:
        """This message as a one-row record batch with ``SCHEMA``: the received batch's row itself (no copy) for a received message."""
        if isinstance(self._cells, _RowCells):
            return self._cells.batch.slice(self._cells.row, 1)
        return _record_batch(type(self), [self])

    def _read(self, name: str, convert: _t.Callable[[pa.Scalar], _t.Any]) -> _t.Any:
        if self._values is not None:
            return self._values[name]
        cell = self._cells[name]
        return convert(cell) if cell.is_valid else None

    def _quiver_field(self, name: str) -> _t.Any:
        return _arrow_value(self._values[name] if self._values is not None else self._cells[name])

    def __arrow_c_schema__(self) -> object:
        return self.SCHEMA.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self.to_arrow().__arrow_c_array__(requested_schema)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._ATTRIBUTES)
        return f"{type(self).__name__}({fields})"


class _MessageBatch(_abc.Sequence, _t.Generic[_M]):
    # Rows of one message type in one record batch; row i reads in place as a message.

    __slots__ = ("_batch",)
    _message: _t.ClassVar[type[_Message]]

    def __init__(self, batch: pa.RecordBatch) -> None:
        _check_schema(self._message, batch.schema)
        self._batch = batch

    @classmethod
    def of(cls, messages: _t.Iterable[_M]) -> _t.Self:
        """A batch with one row per message, in order (the one-copy path for sending)."""
        return cls(_record_batch(cls._message, list(messages)))

    def __len__(self) -> int:
        return self._batch.num_rows

    def __getitem__(self, row: int) -> _M:  # type: ignore[override]
        count = self._batch.num_rows
        if not -count <= row < count:
            raise IndexError(f"row {row} is out of range; the batch has {count} rows")
        return self._message._quiver_view(_RowCells(self._batch, row % count))  # type: ignore[return-value]

    def to_arrow(self) -> pa.RecordBatch:
        """The record batch itself."""
        return self._batch

    def __arrow_c_schema__(self) -> object:
        return self._batch.schema.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._batch.__arrow_c_array__(requested_schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return _pyarrow().Table.from_batches([self._batch]).__arrow_c_stream__(requested_schema)

"""What the modules generated from ``.quiver`` schemas share (docs/python.md, "Generated modules").

Generated code imports these names; they are not an API of their own and change with the
generator. Nothing here needs pyarrow until Arrow is used, so generated modules import (names,
canonical schemas, fingerprints, constructors) without it."""

from __future__ import annotations

import collections.abc as _abc
import datetime as _dt
import enum as _enum
import struct as _struct
import typing as _t

if _t.TYPE_CHECKING:
    import pyarrow as pa

_M = _t.TypeVar("_M", bound="_Message")

_EPOCH = _dt.datetime(1970, 1, 1)
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MICROSECONDS_PER_UNIT = {"s": 1_000_000, "ms": 1_000, "us": 1}


_PYARROW: _t.Any = None


def _pyarrow() -> _t.Any:
    # Imported on first use, then kept: properties of received messages call this on every read.
    global _PYARROW
    if _PYARROW is None:
        try:
            import pyarrow
        except ImportError as error:
            raise ImportError(
                "pyarrow is required for the Arrow side of Quiver messages (SCHEMA, to_arrow, from_arrow, "
                "reading received messages); install it with 'pip install pyarrow'"
            ) from error
        _PYARROW = pyarrow
    return _PYARROW


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
    # One row of a record batch, or of a struct array (a nested message): its columns by name.
    # Columns are the batch's own arrays (or the struct's children), so every read goes
    # through the received buffers in place. A batch from a publisher with a compatible schema
    # (docs/schema-language.md §9) may lack a nullable field: its column is None, read as null.

    __slots__ = ("source", "row", "_lookup", "_columns")

    def __init__(self, source: pa.RecordBatch | pa.StructArray, row: int) -> None:
        self.source = source
        self.row = row
        self._lookup = source.column if isinstance(source, _pyarrow().RecordBatch) else source.field
        self._columns: dict[str, pa.Array] = {}

    def column(self, name: str) -> pa.Array | None:
        if name in self._columns:
            return self._columns[name]
        try:
            column = self._lookup(name)
        except KeyError:
            column = None
        self._columns[name] = column
        return column

    def to_arrow(self, schema: pa.Schema) -> pa.RecordBatch:
        if isinstance(self.source, _pyarrow().RecordBatch):
            return self.source.slice(self.row, 1)
        # A nested message: its children's slices, no copy, with the message's own schema.
        return _pyarrow().RecordBatch.from_arrays([self._slice(name, field.type) for name, field in zip(schema.names, schema)], schema=schema)

    def _slice(self, name: str, arrow_type: pa.DataType) -> pa.Array:
        column = self.column(name)
        return _pyarrow().nulls(1, arrow_type) if column is None else column.slice(self.row, 1)


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


# Readers of one cell, ``(array, row)``, for a valid (non-null) cell. They read the Arrow buffers
# directly: a pyarrow scalar of a binary or string cell owns a copy of its value, so going
# through scalars would copy every payload.

def _bit(bitmap: pa.Buffer, index: int) -> bool:
    return bool(memoryview(bitmap)[index >> 3] >> (index & 7) & 1)


def _is_valid(array: pa.Array, row: int) -> bool:
    if array.null_count == 0:
        return True
    bitmap = array.buffers()[0]
    return bitmap is None or _bit(bitmap, array.offset + row)


_NUMBER_FORMATS: dict[_t.Any, _struct.Struct] = {}


def _number_format(arrow_type: pa.DataType) -> _struct.Struct | None:
    if not _NUMBER_FORMATS:
        pa = _pyarrow()
        codes = {pa.int8(): "b", pa.int16(): "h", pa.int32(): "i", pa.int64(): "q", pa.uint8(): "B", pa.uint16(): "H",
                 pa.uint32(): "I", pa.uint64(): "Q", pa.float16(): "e", pa.float32(): "f", pa.float64(): "d"}
        _NUMBER_FORMATS.update({arrow_type: _struct.Struct("<" + code) for arrow_type, code in codes.items()})
    return _NUMBER_FORMATS.get(arrow_type)


def _plain(array: pa.Array, row: int) -> _t.Any:
    # Numbers and booleans straight from the values buffer (float16 too, as a Python float).
    index = array.offset + row
    number = _number_format(array.type)
    if number is not None:
        return number.unpack_from(array.buffers()[1], index * number.size)[0]
    if _pyarrow().types.is_boolean(array.type):
        return _bit(array.buffers()[1], index)
    return array[row].as_py()


def _offsets(array: pa.Array, row: int) -> tuple[int, int]:
    # [start, end) of a variable-length cell, from the offsets buffer (the array's offset included).
    types = _pyarrow().types
    large = types.is_large_binary(array.type) or types.is_large_string(array.type) or types.is_large_list(array.type)
    width = 8 if large else 4
    return _struct.unpack_from("<qq" if large else "<ii", array.buffers()[1], (array.offset + row) * width)


def _buffer(array: pa.Array, row: int) -> pa.Buffer:
    # The bytes of a binary, string or fixed-size binary cell: a slice of the data buffer.
    if _pyarrow().types.is_fixed_size_binary(array.type):
        width = array.type.byte_width
        return array.buffers()[1].slice((array.offset + row) * width, width)
    start, end = _offsets(array, row)
    data = array.buffers()[2]
    if data is None:
        return _pyarrow().py_buffer(b"")
    return data.slice(start, end - start)


def _text(array: pa.Array, row: int) -> str:
    return str(_buffer(array, row), "utf-8")


def _values(array: pa.Array, row: int) -> pa.Array:
    # The items of a list cell: a slice of the child array.
    if _pyarrow().types.is_fixed_size_list(array.type):
        size = array.type.list_size
        return array.values.slice((array.offset + row) * size, size)
    start, end = _offsets(array, row)
    return array.values.slice(start, end - start)


def _raw(array: pa.Array, row: int) -> int:
    # Timestamps and durations: the 64-bit count of their unit.
    return _INT64.unpack_from(array.buffers()[1], (array.offset + row) * 8)[0]


_INT64 = _struct.Struct("<q")


def _mapping(array: pa.Array, row: int, convert: _t.Callable[[pa.Array, int], _t.Any] | None = None) -> dict[_t.Any, _t.Any]:
    # A map cell as a dict: keys as Python values, values as the field's properties give them
    # (as_py when no convert is given), None for a null value. Arrow maps may repeat a key;
    # the last entry wins, as in a dict built from the pairs. The entries are a slice of the
    # map's child struct array, found through the offsets like a list's items.
    start, end = _offsets(array, row)
    entries = array.values.slice(start, end - start)
    keys, values = entries.field(0), entries.field(1)
    return {
        key: None if not _is_valid(values, i) else (values[i].as_py() if convert is None else convert(values, i))
        for i, key in enumerate(keys.to_pylist())
    }


def _arrow_value(value: _t.Any) -> _t.Any:
    # A value as pyarrow.array converts it: messages as dicts keyed by column name, Arrow
    # buffers as memoryviews, Arrow arrays and scalars as Python values (times as raw integers,
    # which pyarrow takes for every unit without the datetime's microsecond limit).
    if hasattr(value, "_quiver_field"):  # a message of this or another generated module
        return {name: value._quiver_field(name) for name in value._FIELDS}
    if isinstance(value, (list, tuple)):
        return [_arrow_value(item) for item in value]
    if not type(value).__module__.startswith("pyarrow"):
        if isinstance(value, _abc.Mapping):  # a map field: pyarrow takes its entries as (key, value) pairs
            return [(key, _arrow_value(item)) for key, item in value.items()]
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


def _contains(arrow_type: pa.DataType, is_it: _t.Callable[[pa.DataType], bool]) -> bool:
    # Whether the type or any type nested in it (struct fields, list items, map entries) is_it.
    return is_it(arrow_type) or any(_contains(arrow_type.field(i).type, is_it) for i in range(arrow_type.num_fields))


def _half_floats(value: _t.Any, arrow_type: pa.DataType) -> _t.Any:
    # pyarrow.array takes float16 values only as numpy float16 scalars, not as Python floats.
    types = _pyarrow().types
    if value is None:
        return None
    if types.is_float16(arrow_type):
        import numpy
        return numpy.float16(value)
    if types.is_struct(arrow_type):
        return {f.name: _half_floats(value[f.name], f.type) for f in arrow_type}
    if types.is_list(arrow_type) or types.is_large_list(arrow_type) or types.is_fixed_size_list(arrow_type):
        return [_half_floats(item, arrow_type.value_type) for item in value]
    return value


# Per message class and column: (holds float16 values, holds dictionaries), worked out once, not per message sent.
_COLUMN_KINDS: dict[type, tuple[tuple[bool, bool], ...]] = {}


def _record_batch(message: type[_Message], messages: _t.Sequence[_Message]) -> pa.RecordBatch:
    pa = _pyarrow()
    schema = message.SCHEMA
    kinds = _COLUMN_KINDS.get(message)
    if kinds is None:
        kinds = _COLUMN_KINDS[message] = tuple(
            (_contains(t, pa.types.is_float16), _contains(t, pa.types.is_dictionary)) for t in schema.types)
    columns = []
    for name, arrow_type, (half, dictionary) in zip(message._FIELDS, schema.types, kinds):
        values = [m._quiver_field(name) for m in messages]
        if half:
            values = [_half_floats(v, arrow_type) for v in values]
        if dictionary:
            # pyarrow's builders give a dictionary-encoded child of null structs the index 0 into an
            # empty dictionary, which its own validation (and Quiver's) refuses; built with the value
            # types and then cast, such a slot points at a dictionary value.
            columns.append(pa.array(values, type=_without_dictionaries(pa, arrow_type)).cast(arrow_type))
        else:
            columns.append(pa.array(values, type=arrow_type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


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
    def _quiver_view(cls: type[_M], source: pa.RecordBatch | pa.StructArray, row: int) -> _M:
        # Row ``row`` of a record batch, or of a struct column when this message is nested.
        message = object.__new__(cls)
        message._cells = _RowCells(source, row)
        message._values = None
        return message

    @classmethod
    def from_arrow(cls: type[_M], batch: pa.RecordBatch, row: int = 0) -> _M:
        """The message in row ``row`` of ``batch``, read in place: nothing is copied until a property is read, and payloads never are."""
        _check_schema(cls, batch.schema)
        if not 0 <= row < batch.num_rows:
            raise IndexError(f"row {row} is out of range; the record batch has {batch.num_rows} rows")
        return cls._quiver_view(batch, row)

    def to_arrow(self) -> pa.RecordBatch:
        """This message as a one-row record batch with ``SCHEMA``: the received batch's row itself (no copy) for a received message."""
        if self._cells is not None:
            return self._cells.to_arrow(self.SCHEMA)
        return _record_batch(type(self), [self])

    def _read(self, name: str, convert: _t.Callable[[pa.Array, int], _t.Any]) -> _t.Any:
        if self._values is not None:
            return self._values[name]
        column = self._cells.column(name)
        row = self._cells.row
        return convert(column, row) if column is not None and _is_valid(column, row) else None

    def _quiver_field(self, name: str) -> _t.Any:
        if self._values is not None:
            return _arrow_value(self._values[name])
        column = self._cells.column(name)
        return None if column is None else _arrow_value(column[self._cells.row])

    def __arrow_c_schema__(self) -> object:
        return self.SCHEMA.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self.to_arrow().__arrow_c_array__(requested_schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return _pyarrow().Table.from_batches([self.to_arrow()]).__arrow_c_stream__(requested_schema)

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
    def _over(cls, batch: pa.RecordBatch) -> _t.Self:
        # A received batch, read in the topic's schema or a compatible publisher's (which the check would refuse).
        rows = object.__new__(cls)
        rows._batch = batch
        return rows

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
        return self._message._quiver_view(self._batch, row % count)  # type: ignore[return-value]

    def to_arrow(self) -> pa.RecordBatch:
        """The record batch itself."""
        return self._batch

    def __arrow_c_schema__(self) -> object:
        return self._batch.schema.__arrow_c_schema__()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._batch.__arrow_c_array__(requested_schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return _pyarrow().Table.from_batches([self._batch]).__arrow_c_stream__(requested_schema)

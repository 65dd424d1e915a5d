"""A recording stand-in for the slice of pyarrow that generated modules call.

pyarrow cannot be installed on the development machine. This module lets the tests execute the
generated Arrow code paths: type factories build plain descriptions (which check_arrow_side.py
renders in the canonical form and compares with CANONICAL_SCHEMA), record batches hold rows of
scalars, and pa.array records what it was asked to convert. Signatures follow pyarrow's
documentation; behaviour is only what the generated code relies on.
"""


class DataType:
    def __init__(self, name, *params, **named):
        self.name, self.params, self.named = name, params, named

    @property
    def num_fields(self):
        return len(self._fields())

    def field(self, i):
        return self._fields()[i]

    def _fields(self):
        return [p for p in self.params if isinstance(p, Field)]


class types:
    @staticmethod
    def is_dictionary(t):
        return t.name == "dictionary"


def _simple(name):
    return lambda: DataType(name)


bool_, utf8 = _simple("bool"), _simple("utf8")
int8, int16, int32, int64 = (_simple(n) for n in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (_simple(n) for n in ("uint8", "uint16", "uint32", "uint64"))
float16, float32, float64 = (_simple(n) for n in ("float16", "float32", "float64"))


def binary(length=-1):
    return DataType("binary") if length == -1 else DataType("fixed_size_binary", length)


def list_(value_type, list_size=-1):
    return DataType("list", value_type) if list_size == -1 else DataType("fixed_size_list", value_type, list_size)


def struct(fields):
    return DataType("struct", *list(fields))


def timestamp(unit, tz=None):
    return DataType("timestamp", unit, tz=tz)


def duration(unit):
    return DataType("duration", unit)


def decimal128(precision, scale):
    return DataType("decimal128", precision, scale)


def decimal256(precision, scale):
    return DataType("decimal256", precision, scale)


def map_(key_type, item_type, keys_sorted=False):
    return DataType("map", key_type, item_type)


def dictionary(index_type, value_type, ordered=False):
    return DataType("dictionary", index_type, value_type)


class Field:
    def __init__(self, name, type, nullable=True, metadata=None):
        self.name, self.type, self.nullable = name, type, nullable
        self.metadata = None if metadata is None else {k.encode(): v.encode() for k, v in metadata.items()}


def field(name, type, nullable=True, metadata=None):
    return Field(name, type, nullable, metadata)


class Schema(list):
    metadata = None

    @property
    def types(self):
        return [f.type for f in self]

    def equals(self, other, check_metadata=False):
        return [(f.name, f.nullable) for f in self] == [(f.name, f.nullable) for f in other]

    def __arrow_c_schema__(self):
        return ("schema capsule", self)


def schema(fields, metadata=None):
    result = Schema(fields)
    result.metadata = None if metadata is None else {k.encode(): v.encode() for k, v in metadata.items()}
    return result


class Buffer(bytes):
    pass


class Scalar:
    def __init__(self, value):
        self._value = value

    @property
    def is_valid(self):
        return self._value is not None

    def as_py(self):
        return self._value


class BinaryScalar(Scalar):
    def as_buffer(self):
        return Buffer(self._value)


class TimestampScalar(Scalar):
    @property
    def value(self):
        return self._value


class DurationScalar(TimestampScalar):
    pass


class ListScalar(Scalar):
    @property
    def values(self):
        return None if self._value is None else Array(self._value)


class StructScalar(Scalar):
    def __getitem__(self, name):
        return self._value[name]

    def items(self):
        return self._value.items()


class Array(list):
    pass


class RecordBatch:
    def __init__(self, schema, columns, num_rows):
        self.schema, self._columns, self.num_rows = schema, columns, num_rows

    def column(self, i):
        return self._columns[i if isinstance(i, str) else self.schema[i].name]

    def slice(self, offset, length):
        return RecordBatch(self.schema, {k: v[offset:offset + length] for k, v in self._columns.items()}, length)

    def __arrow_c_array__(self, requested_schema=None):
        return ("schema capsule", "array capsule", self)

    @staticmethod
    def from_arrays(arrays, schema):
        return RecordBatch(schema, {f.name: a for f, a in zip(schema, arrays)}, len(arrays[0]) if arrays else 0)


class Table:
    def __init__(self, batches):
        self.batches = batches

    @staticmethod
    def from_batches(batches):
        return Table(batches)

    def __arrow_c_stream__(self, requested_schema=None):
        return ("stream capsule", self)


class ConvertedArray(list):
    """What pa.array was given: the Python values and the target type."""

    def __init__(self, values, type):
        super().__init__(values)
        self.type = type


def array(values, type=None):
    return ConvertedArray(values, type)

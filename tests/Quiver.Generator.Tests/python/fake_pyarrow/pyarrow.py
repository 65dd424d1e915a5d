"""A recording stand-in for the slice of pyarrow that generated modules call.

The generator's tests run without pyarrow: type factories build plain descriptions, which
check_arrow_side.py renders in the canonical form and compares with CANONICAL_SCHEMA. Signatures
follow pyarrow's documentation. Everything else about the Arrow side of generated modules (received
rows, conversions, the PyCapsule protocol) is tested with the real pyarrow in tests/python.
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


def schema(fields, metadata=None):
    result = Schema(fields)
    result.metadata = None if metadata is None else {k.encode(): v.encode() for k, v in metadata.items()}
    return result

"""Schema evolution: whether a subscriber can read a publisher's messages when their schemas differ
(docs/schema-language.md, "Schema evolution"). The two Arrow schemas are compared field by name, at
every depth: nullable fields may be added or removed and fields reordered; a type, a nullability or
a non-nullable field that differs is refused, naming the first offending field. The rules are
symmetric. The C# runtime (Quiver.Messages.SchemaEvolution) walks the schemas in the same order and
says the same sentences, so both sides of a handshake refuse with the same words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

IDENTICAL = "identical"
COMPATIBLE = "compatible"
REFUSED = "refused"

_ENUM_KEY = b"quiver.enum"


@dataclass(frozen=True)
class Comparison:
    """``verdict`` is IDENTICAL, COMPATIBLE or REFUSED; ``reason`` says why a refused pair is refused;
    ``differences`` what differs in a compatible pair, one sentence each."""

    verdict: str
    reason: str | None = None
    differences: tuple[str, ...] = field(default_factory=tuple)


def compare(publisher: Any, subscriber: Any) -> Comparison:
    """Compares the pyarrow schema the samples are written in with the schema the subscriber reads."""
    if list(publisher) == list(subscriber) and all(_same_metadata(p, s) for p, s in zip(publisher, subscriber)):
        return Comparison(IDENTICAL)
    walk = _Walk()
    reason = walk.struct("", list(publisher), list(subscriber))
    if reason is not None:
        return Comparison(REFUSED, reason)
    return Comparison(COMPATIBLE, None, tuple(walk.differences))


def compare_messages(publisher: bytes, subscriber: bytes) -> Comparison:
    """Compares two encapsulated IPC schema messages, as hellos carry them. One that cannot be read is
    a refusal saying whose it is, never an exception. Needs pyarrow."""
    schemas = []
    for whose, message in (("publisher", publisher), ("subscriber", subscriber)):
        if len(message) == 0:
            return Comparison(REFUSED, f"the {whose}'s hello carries no schema to compare")
        try:
            schemas.append(_read_schema(message))
        except ImportError:
            return Comparison(REFUSED, "pyarrow is not installed here, so the schemas cannot be compared")
        except Exception as e:  # noqa: BLE001  (pyarrow raises several kinds for a malformed message)
            return Comparison(REFUSED, f"the {whose}'s schema cannot be read ({e})")
    try:
        return compare(*schemas)
    except UnicodeDecodeError as e:
        # pyarrow decodes names and time zones only when asked; a peer's may not be UTF-8.
        return Comparison(REFUSED, f"the schemas hold text that is not UTF-8 ({e})")


def _read_schema(message: bytes) -> Any:
    import pyarrow as pa
    import pyarrow.ipc  # noqa: F401

    return pa.ipc.read_schema(pa.py_buffer(bytes(message)))


def _same_metadata(publisher: Any, subscriber: Any) -> bool:
    # pyarrow's field equality ignores metadata; C#'s does not. Identical means identical in both.
    return (publisher.metadata or {}) == (subscriber.metadata or {})


class _Walk:
    def __init__(self) -> None:
        self.differences: list[str] = []

    def struct(self, path: str, publisher: list[Any], subscriber: list[Any]) -> str | None:
        publisher_index, duplicate = _index(publisher)
        if publisher_index is None:
            return f"the publisher's schema has two fields named '{_join(path, duplicate)}'"
        subscriber_index, duplicate = _index(subscriber)
        if subscriber_index is None:
            return f"the subscriber's schema has two fields named '{_join(path, duplicate)}'"
        last_source = -1
        reordered = False
        for f in subscriber:
            field_path = _join(path, f.name)
            source = publisher_index.get(f.name, -1)
            if source < 0:
                if not f.nullable:
                    return (f"field '{field_path}' ({type_of(f)}, not null) is only in the subscriber's schema; "
                            "only nullable fields may be added or removed")
                self.differences.append(f"field '{field_path}' is only in the subscriber's schema: it reads as null")
                continue
            reordered |= source < last_source
            last_source = source
            reason = self.field(field_path, publisher[source], f)
            if reason is not None:
                return reason
        for f in publisher:
            if f.name in subscriber_index:
                continue
            field_path = _join(path, f.name)
            if not f.nullable:
                return (f"field '{field_path}' ({type_of(f)}, not null) is only in the publisher's schema; "
                        "only nullable fields may be added or removed")
            self.differences.append(f"field '{field_path}' is only in the publisher's schema: it is skipped")
        if reordered:
            where = "the message" if path == "" else f"'{path}'"
            self.differences.append(f"the fields of {where} are in another order")
        return None

    def field(self, path: str, publisher: Any, subscriber: Any) -> str | None:
        if not _same_shape(publisher.type, subscriber.type) or _enum_of(publisher) != _enum_of(subscriber):
            return (f"field '{path}' is {type_of(publisher)} in the publisher's schema but {type_of(subscriber)} "
                    "in the subscriber's; a field's type cannot change")
        if publisher.nullable != subscriber.nullable:
            return (f"field '{path}' is {_nullability(publisher)} in the publisher's schema but {_nullability(subscriber)} "
                    "in the subscriber's; nullability cannot change")
        types = _types()
        p, s = publisher.type, subscriber.type
        if types.is_struct(p):
            return self.struct(path, [p.field(i) for i in range(p.num_fields)], [s.field(i) for i in range(s.num_fields)])
        if types.is_map(p):
            return (self.field(_join(path, s.key_field.name), p.key_field, s.key_field)
                    or self.field(_join(path, s.item_field.name), p.item_field, s.item_field))
        if types.is_list(p) or types.is_large_list(p) or types.is_fixed_size_list(p):
            return self.field(_join(path, s.value_field.name), p.value_field, s.value_field)
        return None


def _same_shape(publisher: Any, subscriber: Any) -> bool:
    # The same layout at this level; children are compared on their own.
    types = _types()
    if types.is_map(publisher) or types.is_map(subscriber):
        return types.is_map(publisher) and types.is_map(subscriber) and publisher.keys_sorted == subscriber.keys_sorted
    for is_kind in (types.is_struct, types.is_list, types.is_large_list):
        if is_kind(publisher) or is_kind(subscriber):
            return is_kind(publisher) and is_kind(subscriber)
    if types.is_fixed_size_list(publisher) or types.is_fixed_size_list(subscriber):
        return (types.is_fixed_size_list(publisher) and types.is_fixed_size_list(subscriber)
                and publisher.list_size == subscriber.list_size)
    return publisher == subscriber


def type_of(f: Any) -> str:
    """A field's type with its enum, spelled as the canonical form spells it (schema-language.md §7)."""
    return type_text(f.type) + _enum_suffix(f)


def field_text(f: Any) -> str:
    return f"{f.name}: {type_text(f.type)}{'' if f.nullable else ' not null'}{_enum_suffix(f)}"


def type_text(t: Any) -> str:
    """``t`` as the canonical form writes it (``float64``, ``utf8``, ``list<item: int32 not null>``);
    Arrow's own name for types the schema language has no spelling for. The same text as C#'s."""
    types = _types()
    if types.is_boolean(t):
        return "bool"
    if types.is_integer(t):
        return f"{'int' if types.is_signed_integer(t) else 'uint'}{t.bit_width}"
    if types.is_floating(t):
        return f"float{t.bit_width}"
    if types.is_string(t):
        return "utf8"
    if types.is_binary(t):
        return "binary"
    if types.is_fixed_size_binary(t):
        return f"fixed_size_binary[{t.byte_width}]"
    if types.is_timestamp(t):
        return f"timestamp[{t.unit}]" if t.tz is None else f"timestamp[{t.unit}, tz={t.tz}]"
    if types.is_duration(t):
        return f"duration[{t.unit}]"
    if types.is_decimal(t):
        return f"decimal{t.bit_width}({t.precision}, {t.scale})"
    if types.is_map(t):
        entries = f"entries: struct<{field_text(t.key_field)}, {field_text(t.item_field)}> not null"
        return f"map<{entries}>"
    if types.is_list(t):
        return f"list<{field_text(t.value_field)}>"
    if types.is_fixed_size_list(t):
        return f"fixed_size_list<{field_text(t.value_field)}>[{t.list_size}]"
    if types.is_struct(t):
        return "struct<" + ", ".join(field_text(t.field(i)) for i in range(t.num_fields)) + ">"
    if types.is_dictionary(t):
        return f"dictionary<values={type_text(t.value_type)}, indices={type_text(t.index_type)}>"
    return str(t)


def _enum_of(f: Any) -> bytes | None:
    return (f.metadata or {}).get(_ENUM_KEY)


def _enum_suffix(f: Any) -> str:
    name = _enum_of(f)
    return "" if name is None else f" {{quiver.enum={name.decode('utf-8', 'replace')}}}"


def _nullability(f: Any) -> str:
    return "nullable" if f.nullable else "not null"


def _join(path: str, name: str) -> str:
    return name if path == "" else f"{path}.{name}"


def _index(fields: list[Any]) -> tuple[dict[str, int] | None, str | None]:
    index: dict[str, int] = {}
    for i, f in enumerate(fields):
        if f.name in index:
            return None, f.name
        index[f.name] = i
    return index, None


def _types() -> Any:
    import pyarrow.types

    return pyarrow.types

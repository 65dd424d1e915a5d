"""Runs the Arrow side of generated modules against the recording stand-in in fake_pyarrow/.

Usage: check_arrow_side.py <output folder> <module>...
Prints "schema <package.Name> ok" when SCHEMA, rendered in the canonical form of
docs/schema-language.md §7, is CANONICAL_SCHEMA and its metadata names the message and
fingerprint. (How received rows read is tested against the real pyarrow in tests/python.)
"""

import importlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_pyarrow"))
sys.path.insert(0, sys.argv[1])
import pyarrow as pa  # noqa: E402  (the stand-in)

SIMPLE = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "utf8", "binary"}


def render_field(f):
    text = f"{f.name}: {render_type(f.type)}"
    if not f.nullable:
        text += " not null"
    if f.metadata and b"quiver.enum" in f.metadata:
        text += " {quiver.enum=" + f.metadata[b"quiver.enum"].decode() + "}"
    return text


def render_type(t):
    if t.name in SIMPLE:
        return t.name
    if t.name == "fixed_size_binary":
        return f"fixed_size_binary[{t.params[0]}]"
    if t.name == "list":
        return f"list<{render_field(t.params[0])}>"
    if t.name == "fixed_size_list":
        return f"fixed_size_list<{render_field(t.params[0])}>[{t.params[1]}]"
    if t.name == "timestamp":
        tz = t.named["tz"]
        return f"timestamp[{t.params[0]}]" if tz is None else f"timestamp[{t.params[0]}, tz={tz}]"
    if t.name == "duration":
        return f"duration[{t.params[0]}]"
    if t.name == "struct":
        return "struct<" + ", ".join(render_field(f) for f in t.params) + ">"
    if t.name in ("decimal128", "decimal256"):
        return f"{t.name}({t.params[0]}, {t.params[1]})"
    if t.name == "map":
        return f"map<entries: struct<{render_field(t.params[0])}, {render_field(t.params[1])}> not null>"
    if t.name == "dictionary":
        return f"dictionary<values={render_type(t.params[1])}, indices={render_type(t.params[0])}>"
    raise ValueError(t.name)


for module in [importlib.import_module(name) for name in sys.argv[2:]]:
    for name in getattr(module, "__all__", []):
        cls = getattr(module, name)
        if hasattr(cls, "FINGERPRINT"):
            schema = cls.SCHEMA
            rendered = "struct<" + ", ".join(render_field(f) for f in schema) + ">"
            metadata = {b"quiver.message": cls.MESSAGE.encode(), b"quiver.fingerprint": cls.FINGERPRINT.encode()}
            ok = rendered == cls.CANONICAL_SCHEMA and schema.metadata == metadata
            print("schema", cls.MESSAGE, "ok" if ok else f"MISMATCH {rendered}")

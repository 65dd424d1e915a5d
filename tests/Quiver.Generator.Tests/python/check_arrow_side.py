"""Runs the Arrow side of generated modules against the recording stand-in in fake_pyarrow/.

Usage: check_arrow_side.py <output folder> <module>...
Prints "schema <package.Name> ok" when SCHEMA, rendered in the canonical form of
docs/schema-language.md §7, is CANONICAL_SCHEMA and its metadata names the message and
fingerprint; for vision, prints what views, batches and to_arrow produce.
"""

import datetime
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

if "vision" in sys.argv[2:]:
    import geometry
    import vision

    def vector(x, y, z):
        return pa.StructScalar({"x": pa.Scalar(x), "y": pa.Scalar(y), "z": pa.Scalar(z)})

    pose = pa.StructScalar({
        "position": vector(1.0, 2.0, 3.0),
        "orientation": pa.StructScalar({"x": pa.Scalar(0.0), "y": pa.Scalar(0.0), "z": pa.Scalar(0.0), "w": pa.Scalar(1.0)}),
    })
    columns = {
        "width": [pa.Scalar(2), pa.Scalar(4)],
        "height": [pa.Scalar(1), pa.Scalar(3)],
        "step": [pa.Scalar(6), pa.Scalar(12)],
        "encoding": [pa.Scalar(2), pa.Scalar(9)],
        "stamp": [pa.TimestampScalar(1_700_000_000_123_456_789), pa.TimestampScalar(-1_000)],
        "frame_id": [pa.Scalar("left"), pa.Scalar("right")],
        "data": [pa.BinaryScalar(b"\x01\x02"), pa.BinaryScalar(b"")],
        "labels": [pa.ListScalar([pa.Scalar("cat")]), pa.ListScalar([])],
        "pose": [pose, pa.StructScalar(None)],
    }
    received = vision.Image.SCHEMA
    batch = pa.RecordBatch(pa.schema(list(received), metadata={"quiver.fingerprint": vision.Image.FINGERPRINT}), columns, 2)

    image = vision.Image.from_arrow(batch)
    print("row0", image.width, image.height, repr(image.encoding), image.stamp.isoformat(), image.stamp_raw,
          image.frame_id, type(image.data).__name__, bytes(image.data).hex(), [s.as_py() for s in image.labels],
          type(image.pose).__name__, image.pose.position.y, image.pose.orientation.w)
    rows = vision.Image.Batch(batch)
    last = rows[-1]
    print("row1", len(rows), last.width, repr(last.encoding), last.stamp.isoformat(), last.pose, [m.frame_id for m in rows])
    print("to_arrow of a received row", image.to_arrow().num_rows, image.to_arrow().column("frame_id")[0].as_py())

    sent = vision.Image(width=2, height=1, step=6, encoding=vision.Encoding.Mono8,
                        stamp=datetime.datetime(1970, 1, 1, 0, 0, 1, tzinfo=datetime.timezone.utc), frame_id="f",
                        data=pa.Buffer(b"\x07"), labels=("a",),
                        pose=geometry.Pose(position=geometry.Vector3(x=1.0, y=2.0, z=3.0), orientation=image.pose.orientation))
    arrow = sent.to_arrow()
    print("to_arrow", arrow.num_rows, arrow.column("stamp"), type(arrow.column("data")[0]).__name__,
          arrow.column("labels"), arrow.column("pose"), arrow.column("stamp").type.name)
    both = vision.Image.Batch.of([sent, image])
    print("batch_of", len(both), both.to_arrow().column("width"), both.to_arrow().column("stamp"))
    print("capsules", sent.__arrow_c_schema__()[0], rows.__arrow_c_array__()[1], rows.__arrow_c_stream__()[0])

    other = pa.RecordBatch(pa.schema(list(received), metadata={"quiver.fingerprint": "0000000000000000"}), columns, 2)
    try:
        vision.Image.from_arrow(other)
    except ValueError as error:
        print("mismatch", error)
    try:
        vision.Image.from_arrow(batch, 2)
    except IndexError as error:
        print("row", error)

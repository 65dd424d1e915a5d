"""The Arrow side of generated modules against the real pyarrow, without the transport: rows of a
record batch read as message views, nulls, unknown enum values, nested messages, batches,
``to_arrow``, ``Batch.of``, the PyCapsule protocol, and the schema checks."""

from __future__ import annotations

import datetime

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")


@pytest.fixture(scope="module")
def two_images(vision):
    """Row 0 has every field set, row 1 an unknown encoding, a time before the epoch and no pose."""
    import geometry
    schema = vision.Image.SCHEMA
    pose_type = schema.field("pose").type
    columns = [
        pa.array([2, 4], pa.uint32()), pa.array([1, 3], pa.uint32()), pa.array([6, 12], pa.uint32()),
        pa.array([2, 9], pa.uint8()), pa.array([1_700_000_000_123_456_789, -1_000], schema.field("stamp").type),
        pa.array(["left", "right"]), pa.array([b"\x01\x02", b""]),
        pa.array([["cat"], ["left", "right"]], schema.field("labels").type),
        pa.array([{"position": {"x": 1.0, "y": 2.0, "z": 3.0}, "orientation": {"x": 0.0, "y": 0.0, "z": 0.0, "w": 1.0}}, None],
                 pose_type),
    ]
    assert geometry.Pose.SCHEMA.names == [f.name for f in pose_type]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def test_received_rows_read_in_place(vision, two_images):
    image = vision.Image.from_arrow(two_images)
    assert (image.width, image.height, image.encoding) == (2, 1, vision.Encoding.Mono8)
    assert image.stamp.isoformat() == "2023-11-14T22:13:20.123456+00:00" and image.stamp_raw == 1_700_000_000_123_456_789
    assert image.frame_id == "left" and image.frame_id_utf8.to_pybytes() == b"left"
    assert isinstance(image.data, pa.Buffer) and image.data.to_pybytes() == b"\x01\x02"
    assert image.data.address == two_images.column("data").buffers()[2].address
    assert image.labels.to_pylist() == ["cat"]
    assert (image.pose.position.y, image.pose.orientation.w) == (2.0, 1.0)

    rows = vision.Image.Batch(two_images)
    last = rows[-1]
    assert len(rows) == 2 and [m.frame_id for m in rows] == ["left", "right"]
    assert (last.width, last.encoding, last.pose) == (4, 9, None)
    assert last.stamp.isoformat() == "1969-12-31T23:59:59.999999+00:00"
    assert last.data.size == 0 and last.labels.to_pylist() == ["left", "right"]


def test_a_sliced_batch_reads_its_own_rows(vision, two_images):
    """Views add the array's offset: a slice starting at row 1 reads row 1's values and buffers."""
    image = vision.Image.from_arrow(two_images.slice(1, 1))
    assert (image.width, image.frame_id, image.labels.to_pylist(), image.pose) == (4, "right", ["left", "right"], None)
    assert image.stamp_raw == -1_000


def test_to_arrow_of_a_received_row_is_that_row(vision, two_images):
    row = vision.Image.from_arrow(two_images, 1).to_arrow()
    assert row.num_rows == 1 and row.equals(two_images.slice(1, 1))
    pose = vision.Image.from_arrow(two_images).pose.to_arrow()
    assert pose.num_rows == 1 and pose.column("position").to_pylist() == [{"x": 1.0, "y": 2.0, "z": 3.0}]


def test_constructed_messages_convert_and_batch(vision, two_images):
    import geometry
    received = vision.Image.from_arrow(two_images)
    sent = vision.Image(width=2, height=1, step=6, encoding=vision.Encoding.Mono8,
                        stamp=datetime.datetime(1970, 1, 1, 0, 0, 1, tzinfo=datetime.timezone.utc), frame_id="f",
                        data=pa.py_buffer(b"\x07"), labels=("a",),
                        pose=geometry.Pose(position=geometry.Vector3(x=1.0, y=2.0, z=3.0), orientation=received.pose.orientation))
    arrow = sent.to_arrow()
    assert arrow.schema.equals(vision.Image.SCHEMA, check_metadata=True)
    assert arrow.column("stamp").cast(pa.int64()).to_pylist() == [1_000_000_000]
    assert arrow.column("data").to_pylist() == [b"\x07"] and arrow.column("labels").to_pylist() == [["a"]]
    assert arrow.column("pose").to_pylist() == [{"position": {"x": 1.0, "y": 2.0, "z": 3.0},
                                                 "orientation": {"x": 0.0, "y": 0.0, "z": 0.0, "w": 1.0}}]
    both = vision.Image.Batch.of([sent, received])
    assert len(both) == 2 and both.to_arrow().column("width").to_pylist() == [2, 2]
    assert both.to_arrow().column("stamp").cast(pa.int64()).to_pylist() == [1_000_000_000, 1_700_000_000_123_456_789]


def test_the_pycapsule_protocol_gives_the_same_data(vision, two_images):
    rows = vision.Image.Batch(two_images)
    assert pa.RecordBatch._import_from_c_capsule(*rows.__arrow_c_array__()).equals(two_images)
    assert pa.RecordBatchReader.from_stream(rows).read_all().to_batches()[0].equals(two_images)
    one = rows[1]
    assert pa.record_batch(one).equals(two_images.slice(1, 1))
    assert pa.RecordBatchReader.from_stream(one).read_all().num_rows == 1
    assert pa.schema(one).equals(vision.Image.SCHEMA)


def test_a_batch_of_another_message_or_a_row_out_of_range_is_refused(vision, two_images):
    other = two_images.replace_schema_metadata({"quiver.fingerprint": "0000000000000000"})
    with pytest.raises(ValueError, match="fingerprint 0000000000000000, not vision.Image .fingerprint 66d1cd47c9d7f386."):
        vision.Image.from_arrow(other)
    with pytest.raises(IndexError, match="row 2 is out of range; the record batch has 2 rows"):
        vision.Image.from_arrow(two_images, 2)
    without_metadata = two_images.replace_schema_metadata(None)
    assert vision.Image.from_arrow(without_metadata).width == 2
    with pytest.raises(ValueError, match="is not the schema of vision.Image"):
        vision.Image.from_arrow(without_metadata.drop_columns(["pose"]))

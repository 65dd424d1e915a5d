"""Every zero-copy accessor of a received message points into the publisher's shared-memory segment,
for samples written by C# and by Python, and the sample is held until the last thing made from it
(numpy view, memoryview, buffer slice, array, record batch, C Data export) is gone."""

from __future__ import annotations

import gc

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")
np = pytest.importorskip("numpy", reason="numpy is not installed")

import quiver  # noqa: E402
from csharp_relay import through_csharp_relay  # noqa: E402
from typed_samples import every_field, image_of  # noqa: E402


def _buffer_inside(subscriber, buffer) -> bool:
    return buffer is not None and subscriber.maps(buffer.address, buffer.size)


def _all_inside(subscriber, buffers) -> bool:
    # Empty buffers hold no bytes to point at (pyarrow's IPC reader gives them address 0).
    return all(_buffer_inside(subscriber, b) for b in buffers if b is not None and b.size > 0)


def _numpy_inside(subscriber, array) -> bool:
    return subscriber.maps(array.__array_interface__["data"][0], array.nbytes)


def _check_every_accessor(subscriber, received, sent) -> None:
    """Values equal what was sent, and every payload accessor reads the segment in place."""
    assert received.to_arrow().equals(sent.to_arrow())
    for name in ("blob", "digest", "text_utf8", "maybe_text_utf8"):
        assert _buffer_inside(subscriber, getattr(received, name)), name
    assert received.blob.to_pybytes() == b"\x00\x01\xff" * 100 and received.digest.to_pybytes() == bytes(range(32))
    copy = np.frombuffer(received.blob.to_pybytes(), np.uint8)
    assert not _numpy_inside(subscriber, copy), "maps() must tell a copy from the segment"
    assert received.text_utf8.to_pybytes() == "grüße, 世界".encode() and received.text == "grüße, 世界"
    assert received.maybe_text == "here" and received.maybe_text_utf8.to_pybytes() == b"here"
    ints = received.ints.to_numpy(zero_copy_only=True)
    triple = received.triple.to_numpy(zero_copy_only=True)
    assert ints.tolist() == [1, -2, 3] and triple.tolist() == [1.0, 2.0, 3.0]
    assert _numpy_inside(subscriber, ints) and _numpy_inside(subscriber, triple)
    matrix_row = received.matrix[1].values.to_numpy(zero_copy_only=True)
    assert matrix_row.tolist() == [4.0, 5.0, 6.0] and _numpy_inside(subscriber, matrix_row)
    digests = received.digests
    assert _buffer_inside(subscriber, digests.buffers()[1]) and digests[1].as_py() == bytes(range(16))
    # A nested message is a view of the struct column's row, read through its own buffers.
    pose = received.pose
    assert (pose.position.x, pose.position.y, pose.position.z, pose.orientation.w) == (1.0, -2.0, 3.5, 1.0)
    nested = pose.to_arrow()
    assert nested.schema.equals(type(pose).SCHEMA) and nested.num_rows == 1
    assert _all_inside(subscriber, nested.column("position").buffers())
    assert received.maybe_pose is None and received.maybe_int is None
    assert received.f16 == 0.5 and isinstance(received.f16, float)
    assert (received.u64, received.i64, received.stamp_ns_raw) == (2**64 - 1, -2**63, 1_700_000_000_123_456_789)
    assert received.list_of_maybe.to_pylist() == [1, None, 3] and received.tags.to_pylist() == [["x"], [], ["y", "z"]]
    # The whole row as a record batch, and through the C Data Interface: the same buffers.
    for column in received.to_arrow().columns:
        assert _all_inside(subscriber, column.buffers())
    exported = pa.RecordBatch._import_from_c_capsule(*received.__arrow_c_array__())
    for column in exported.columns:
        assert _all_inside(subscriber, column.buffers())


def test_python_to_python_every_accessor_reads_the_segment(topic, all_types):
    sent = every_field(all_types)
    with quiver.publish(topic, all_types.AllTypes) as publisher, quiver.subscribe(topic, all_types.AllTypes) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(sent)
        _check_every_accessor(subscriber, subscriber.receive(10), sent)


def test_csharp_to_python_every_accessor_reads_the_segment(topic, all_types, children):
    """The C# peer decodes each message with Quiver's reader and re-publishes it with Quiver's writer."""
    sent = every_field(all_types)
    with through_csharp_relay(topic, all_types.AllTypes, children) as (send, subscriber):
        _check_every_accessor(subscriber, send(sent), sent)


def _numpy_view(image):
    return np.frombuffer(image.data, np.uint8)


def _memoryview(image):
    return memoryview(image.data)


def _buffer_slice(image):
    return image.data.slice(2, 3)


def _label_array(image):
    return image.labels


def _record_batch(image):
    return image.to_arrow()


def _utf8(image):
    return image.frame_id_utf8


def _c_data_capsules(image):
    return image.__arrow_c_array__()


def _c_data_import(image):
    return pa.RecordBatch._import_from_c_capsule(*image.__arrow_c_array__())


def _c_stream(image):
    return pa.RecordBatchReader._import_from_c_capsule(image.__arrow_c_stream__()).read_all()


@pytest.mark.parametrize("take", [_numpy_view, _memoryview, _buffer_slice, _label_array, _record_batch, _utf8,
                                  _c_data_capsules, _c_data_import, _c_stream])
def test_the_sample_is_held_until_the_last_thing_made_from_it_is_gone(topic, vision, take):
    with quiver.publish(topic, vision.Image) as publisher, quiver.subscribe(topic, vision.Image) as subscriber:
        assert publisher.wait_for_subscribers(1, 10)
        publisher.send(image_of(vision))
        image = subscriber.receive(10)
        taken = take(image)
        del image
        gc.collect()
        # Counted on the subscriber's side, where the release happens synchronously.
        assert subscriber.unreleased == 1 and subscriber.drop_tokens_sent == 0
        del taken
        gc.collect()
        assert subscriber.unreleased == 0 and subscriber.drop_tokens_sent == 1
        assert publisher.wait_for_in_flight(0, 10)

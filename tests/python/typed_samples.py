"""Typed messages the tests send: every field type filled, and a small image."""

from __future__ import annotations


def every_field(all_types):
    import geometry
    pose = geometry.Pose(position=geometry.Vector3(x=1.0, y=-2.0, z=3.5),
                         orientation=geometry.Quaternion(x=0.0, y=0.0, z=0.0, w=1.0))
    return all_types.AllTypes(
        flag=True, i8=-128, i16=-32768, i32=-2**31, i64=-2**63, u8=255, u16=65535, u32=2**32 - 1, u64=2**64 - 1,
        f16=0.5, f32=-1.25, f64=3.141592653589793, text="grüße, 世界", blob=b"\x00\x01\xff" * 100, digest=bytes(range(32)),
        ints=[1, -2, 3], triple=[1.0, 2.0, 3.0], stamp_s=1_700_000_000, stamp_ms=1_700_000_000_123,
        stamp_us=1_700_000_000_123_456, stamp_ns=1_700_000_000_123_456_789, elapsed_s=-5, elapsed_ms=6,
        elapsed_us=7_000_001, elapsed_ns=8_000_000_009, level=all_types.Level.Low, levels=[all_types.Level.High, 5],
        pose=pose, poses=[pose, pose], maybe_int=None, maybe_text="here", maybe_pose=None, maybe_level=all_types.Level.Normal,
        maybe_list=None, list_of_maybe=[1, None, 3], maybe_list_of_maybe=["a", None], matrix=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
        tags=[["x"], [], ["y", "z"]], digests=[bytes(16), bytes(range(16))])


def image_of(vision, sequence: int = 1):
    return vision.Image(width=2, height=1, step=6, encoding=vision.Encoding.Rgb8, stamp=1_700_000_000_123_456_789 + sequence,
                        frame_id="camera/left", data=bytes(range(6)), labels=["cat", "sofa"])

"""Imports generated Quiver modules with pyarrow unavailable and prints what the C# test checks.

Usage: check_generated.py <output folder> <module>...
Prints, per message: "message <package.Name> <FINGERPRINT> <sha256(CANONICAL_SCHEMA)[:16]>",
then the results of the behaviour checks that need no pyarrow.
"""

import datetime
import hashlib
import importlib
import sys

# Importing pyarrow now raises ImportError, as on a machine where it is not installed.
sys.modules["pyarrow"] = None
sys.path.insert(0, sys.argv[1])

modules = [importlib.import_module(name) for name in sys.argv[2:]]
for module in modules:
    for name in getattr(module, "__all__", []):  # a folder's __init__ exports nothing
        cls = getattr(module, name)
        if hasattr(cls, "FINGERPRINT"):
            recomputed = hashlib.sha256(cls.CANONICAL_SCHEMA.encode("utf-8")).hexdigest()[:16]
            print("message", cls.MESSAGE, cls.FINGERPRINT, recomputed)

if "vision" in sys.argv[2:]:
    import geometry
    import vision

    image = vision.Image(
        width=2,
        height=1,
        step=6,
        encoding=1,
        stamp=datetime.datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=datetime.timezone.utc),
        frame_id="camera/left",
        data=b"\xff\x00\x00\x00\xff\x00",
        labels=["cat", "sofa"],
        pose=geometry.Pose(
            position=geometry.Vector3(x=1.0, y=2.0, z=3.0),
            orientation=geometry.Quaternion(x=0.0, y=0.0, z=0.0, w=1.0),
        ),
    )
    print("encoding", repr(image.encoding), "unknown", repr(vision.Image(
        width=0, height=0, step=0, encoding=9, stamp=0, frame_id="", data=b"", labels=[]).encoding))
    print("stamp", image.stamp_raw, image.stamp.isoformat())
    print("position", image.pose.position.z, "data", bytes(image.data).hex(), "labels", "+".join(image.labels))
    print("none", vision.DistortionModel.None_.name, int(vision.DistortionModel.None_))
    try:
        vision.Image.SCHEMA
    except ImportError as error:
        print("schema", str(error).split(";")[0])
    try:
        image.to_arrow()
    except ImportError as error:
        print("to_arrow", str(error).split(";")[0])

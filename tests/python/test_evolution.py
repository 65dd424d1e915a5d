"""Schema evolution (docs/schema-language.md §9): quiver.evolution's verdicts and sentences (the C#
ones, SchemaEvolutionTests.cs), a fuzz of mutated schema messages, and the matrix of the three
versions of tests/evolution between C# and Python peers in real processes, values checked."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import CHILD_TIMEOUT, REPO, quiver_cli
from evolution_messages import field_lines, sent

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed")

import quiver  # noqa: E402
from quiver import evolution  # noqa: E402

VERSIONS = (1, 2, 3)


def i32(name: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, pa.int32(), nullable)


REFUSALS = [
    ([i32("a")], [pa.field("a", pa.int64(), False)],
     "field 'a' is int32 in the publisher's schema but int64 in the subscriber's; a field's type cannot change"),
    ([i32("a")], [i32("a", True)],
     "field 'a' is not null in the publisher's schema but nullable in the subscriber's; nullability cannot change"),
    ([i32("a"), i32("b")], [i32("a")],
     "field 'b' (int32, not null) is only in the publisher's schema; only nullable fields may be added or removed"),
    ([i32("before")], [i32("after")],
     "field 'after' (int32, not null) is only in the subscriber's schema; only nullable fields may be added or removed"),
    ([pa.field("mode", pa.uint8(), False, {"quiver.enum": "a.Mode"})], [pa.field("mode", pa.uint8(), False, {"quiver.enum": "a.Kind"})],
     "field 'mode' is uint8 {quiver.enum=a.Mode} in the publisher's schema but uint8 {quiver.enum=a.Kind} in the subscriber's; a field's type cannot change"),
    ([pa.field("l", pa.list_(pa.field("item", pa.struct([i32("x")]), False)), False)],
     [pa.field("l", pa.list_(pa.field("item", pa.struct([i32("x"), i32("y")]), False)), False)],
     "field 'l.item.y' (int32, not null) is only in the subscriber's schema; only nullable fields may be added or removed"),
    ([pa.field("v", pa.list_(pa.field("item", pa.int32(), False), 3), False)], [pa.field("v", pa.list_(pa.field("item", pa.int32(), False), 4), False)],
     "field 'v' is fixed_size_list<item: int32 not null>[3] in the publisher's schema but fixed_size_list<item: int32 not null>[4] in the subscriber's; a field's type cannot change"),
    ([pa.field("m", pa.map_(pa.string(), pa.int32()), False)], [pa.field("m", pa.map_(pa.string(), pa.int64()), False)],
     "field 'm.value' is int32 in the publisher's schema but int64 in the subscriber's; a field's type cannot change"),
    ([i32("a"), i32("a", True)], [i32("a")], "the publisher's schema has two fields named 'a'"),
]


@pytest.mark.parametrize("publisher,subscriber,reason", REFUSALS)
def test_refused_changes_name_the_first_offending_field_as_csharp_does(publisher, subscriber, reason):
    comparison = evolution.compare(pa.schema(publisher), pa.schema(subscriber))
    assert comparison.verdict == evolution.REFUSED
    assert comparison.reason == reason
    assert evolution.compare(pa.schema(subscriber), pa.schema(publisher)).verdict == evolution.REFUSED


def test_compatible_changes_say_what_differs():
    publisher = pa.schema([i32("a"), pa.field("p", pa.struct([i32("x"), i32("gone", True)]), True)])
    subscriber = pa.schema([pa.field("p", pa.struct([i32("new", True), i32("x")]), True), i32("a"), i32("b", True)])
    comparison = evolution.compare(publisher, subscriber)
    assert comparison.verdict == evolution.COMPATIBLE
    assert comparison.differences == (
        "field 'p.new' is only in the subscriber's schema: it reads as null",
        "field 'p.gone' is only in the publisher's schema: it is skipped",
        "field 'b' is only in the subscriber's schema: it reads as null",
        "the fields of the message are in another order",
    )
    assert evolution.compare(subscriber, publisher).verdict == evolution.COMPATIBLE
    assert evolution.compare(publisher, publisher).verdict == evolution.IDENTICAL


def test_mutated_schema_messages_get_a_verdict_never_an_exception():
    generator = random.Random(1313)
    seeds = [pa.schema([i32("a"), pa.field("p", pa.struct([i32("x"), pa.field("t", pa.timestamp("ns", "UTC"))]), True),
                        pa.field("l", pa.list_(pa.string()), False), pa.field("m", pa.map_(pa.int16(), pa.float64()))])]
    for round_ in range(2000):
        message = bytearray(seeds[0].serialize().to_pybytes())
        for _ in range(1 + generator.randrange(8)):
            message[generator.randrange(len(message))] = generator.randrange(256)
        if generator.randrange(8) == 0:
            message = message[: generator.randrange(len(message))]
        comparison = evolution.compare_messages(bytes(message), seeds[0].serialize().to_pybytes())
        assert comparison.verdict in (evolution.IDENTICAL, evolution.COMPATIBLE, evolution.REFUSED), round_
        assert comparison.verdict != evolution.REFUSED or comparison.reason, round_


# --- the matrix: three versions of tests/evolution, C# and Python peers in real processes ---

# What each version's publisher sends (tests/Quiver.Evolution.TestPeer/Program.cs, evolution_peer.py), by field path.
SENT = {
    1: {"id": "7", "label": "seven", "mode": 1, "origin.x": "1.5", "origin.y": "-2.5",
        "path.0.x": "1", "path.0.y": "2", "path.1.x": "3", "path.1.y": "4", "count": "42"},
    2: {"count": "42", "id": "7", "mode": 2, "origin.x": "1.5", "origin.y": "-2.5", "origin.z": "3.5",
        "path.0.x": "1", "path.0.y": "2", "path.1.x": "3", "path.1.y": "4", "path.1.z": "5", "exposure_us": "1000"},
    3: {"id": "7", "mode": 2, "origin.y": "-2.5", "origin.x": "1.5", "origin.z": "3.5", "origin.w": "4.5",
        "path.0.y": "2", "path.0.x": "1", "path.1.y": "4", "path.1.x": "3", "path.1.z": "5", "path.1.w": "6",
        "exposure_us": "1000", "note": "hello"},
}
# What each version reads, in its field order (schemas in tests/evolution).
POINT = {1: ["x", "y"], 2: ["x", "y", "z"], 3: ["y", "x", "z", "w"]}
READS = {
    1: ["id", "label", "mode", "origin", "path", "count"],
    2: ["count", "id", "mode", "origin", "path", "exposure_us"],
    3: ["id", "mode", "origin", "path", "exposure_us", "note"],
}
MODES = {1: {0: "Off", 1: "On"}, 2: {0: "Off", 1: "On", 2: "Auto"}, 3: {0: "Off", 1: "On", 2: "Auto"}}
# What v1 and v2 (old) have against v3 (new) in each refused message: (old type, new type) per topic.
REFUSED = {
    "type-change": lambda pub, sub: f"field 'value' is {pub} in the publisher's schema but {sub} in the subscriber's; a field's type cannot change",
    "nullability-change": lambda pub, sub: f"field 'value' is {pub} in the publisher's schema but {sub} in the subscriber's; nullability cannot change",
    "nested-change": lambda pub, sub: f"field 'inner.item.v' is {pub} in the publisher's schema but {sub} in the subscriber's; a field's type cannot change",
}
OLD_NEW = {"type-change": ("int32", "int64"), "nullability-change": ("not null", "nullable"), "nested-change": ("int32", "int64")}
TOPIC_MESSAGES = {"type-change": "TypeChange", "nullability-change": "NullabilityChange", "non-null-added": "NonNullAdded",
                  "non-null-removed": "NonNullRemoved", "field-renamed": "FieldRenamed", "nested-change": "NestedChange", "named": "Named"}


def expected_fields(publisher: int, subscriber: int) -> list[str]:
    lines = []
    for name in READS[subscriber]:
        paths = ([f"origin.{c}" for c in POINT[subscriber]] if name == "origin"
                 else [f"path.{i}.{c}" for i in range(2) for c in POINT[subscriber]] if name == "path" else [name])
        for path in paths:
            value = SENT[publisher].get(path)
            if path == "mode":
                value = MODES[subscriber].get(value, str(value))
            lines.append(f"FIELD {path}={'null' if value is None else value}")
    return lines


def expected_reason(topic: str, publisher: int, subscriber: int, modules: dict) -> str | None:
    """The refusal text for ``topic`` between two versions, or None when they are identical there."""
    if (publisher == 3) == (subscriber == 3):
        return None
    old_to_new = subscriber == 3
    if topic == "named":
        pub_name, sub_name = ("Named", "Renamed") if old_to_new else ("Renamed", "Named")
        return (f"carries 'evolution.{pub_name}' (fingerprint {getattr(modules[publisher], pub_name).FINGERPRINT}) but the subscriber "
                f"expects 'evolution.{sub_name}' (fingerprint {getattr(modules[subscriber], sub_name).FINGERPRINT}).")
    if topic in REFUSED:
        old, new = OLD_NEW[topic]
        reason = REFUSED[topic](old, new) if old_to_new else REFUSED[topic](new, old)
    else:
        # non-null-added: old {a}, new {a, b}; non-null-removed: old {a, b}, new {a}; field-renamed: before -> after.
        name = {"non-null-added": "b", "non-null-removed": "b", "field-renamed": "after" if old_to_new else "before"}[topic]
        only_in_new = topic in ("non-null-added", "field-renamed")
        side = "subscriber" if only_in_new == old_to_new or topic == "field-renamed" else "publisher"
        reason = f"field '{name}' (int32, not null) is only in the {side}'s schema; only nullable fields may be added or removed"
    message = TOPIC_MESSAGES[topic]
    return (f"carries 'evolution.{message}' (fingerprint {getattr(modules[publisher], message).FINGERPRINT}) but the subscriber "
            f"expects 'evolution.{message}' (fingerprint {getattr(modules[subscriber], message).FINGERPRINT}), "
            f"and the schemas are not compatible: {reason}.")


@pytest.fixture(scope="module")
def versions():
    """Per version: the folder of its generated Python modules and the module itself (loaded apart, same name)."""
    folders, modules = {}, {}
    try:
        for version in VERSIONS:
            folders[version] = tempfile.mkdtemp(prefix=f"qvevo{version}-")
            subprocess.run(["dotnet", "run", "-c", "Release", "--project", str(REPO / "src" / "Cli"), "--", "gen", "python",
                            str(REPO / "tests" / "evolution" / f"v{version}"), "-o", folders[version]], check=True, capture_output=True)
            modules[version] = _load(Path(folders[version]) / "evolution.py", f"evolution_v{version}")
        yield folders, modules
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)


def _load(path: Path, name: str):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def peer(language: str, version: int, folders: dict, *args: str) -> list[str]:
    if language == "python":
        return [sys.executable, str(Path(__file__).resolve().parent / "evolution_peer.py"), str(version), folders[version], *args]
    base = REPO / "tests" / "Quiver.Evolution.TestPeer" / f"V{version}" / "bin"
    built = sorted(base.glob(f"*/net*/Quiver.Evolution.TestPeer.V{version}.dll"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not built:
        pytest.fail(f"The C# evolution peer V{version} is not built ({base}); run scripts/test or dotnet build Quiver.slnx -c Release.")
    return [shutil.which("dotnet") or pytest.fail("dotnet is not on PATH"), "exec", str(built[0]), *args]


PAIRS = [(p, s) for p in VERSIONS for s in VERSIONS if p != s]
LANGUAGES = [("csharp", "csharp"), ("csharp", "python"), ("python", "csharp")]


@pytest.mark.parametrize("publisher_language,subscriber_language", LANGUAGES)
@pytest.mark.parametrize("publisher,subscriber", PAIRS)
def test_versions_talk_by_the_rules_in_real_processes(publisher, subscriber, publisher_language, subscriber_language, versions, topic, children):
    folders, modules = versions
    pub = children(peer(publisher_language, publisher, folders, "publish", topic))
    pub.expect("READY")
    sub = children(peer(subscriber_language, subscriber, folders, "subscribe", topic))
    sub_lines = sub.remaining_lines()
    assert sub.process.wait(60) == 0, sub.process.stderr.read()
    pub.say("EXIT")
    pub_lines = pub.remaining_lines()
    assert pub.process.wait(60) == 0, pub.process.stderr.read()

    assert sub_lines[-1] == "DONE"
    assert [line for line in sub_lines if line.startswith("FIELD ")] == expected_fields(publisher, subscriber)
    verdicts = [line for line in sub_lines if line.startswith(("ACCEPTED ", "REFUSED "))]
    assert [line.split(" ")[1] for line in verdicts] == list(TOPIC_MESSAGES)
    for line in verdicts:
        name = line.split(" ")[1]
        reason = expected_reason(name, publisher, subscriber, modules)
        if reason is None:
            assert line == f"ACCEPTED {name}"
            continue
        assert line.startswith(f"REFUSED {name} ") and line.endswith(reason), line
        # The publisher refused it too, with the same words (its own comparison).
        assert any(log.startswith("LOG ") and f"{topic}/{name}" in log and log.endswith(reason) for log in pub_lines), (reason, pub_lines)


def test_a_python_subscriber_reads_a_newer_batch_of_rows_and_refuses_a_batch_of_another_layout(versions, topic):
    # In one process: a raw publisher announcing version 2 of evolution.Reading, a version 1 subscriber.
    import quiver
    _, modules = versions
    old, new = modules[1], modules[2]
    contract = quiver.Contract("evolution.Reading", int(new.Reading.FINGERPRINT, 16), new.Reading.SCHEMA.serialize().to_pybytes())
    rows = new.Reading.Batch.of([new.Reading(count=i, id=10 + i, mode=new.Mode.Auto, origin=new.Point(x=i, y=-1.0, z=0.5),
                                             path=[new.Point(x=1.0, y=2.0)] * i, exposure_us=5) for i in range(3)])
    other_layout = old.Reading(id=1, mode=old.Mode.On, origin=old.Point(x=0.0, y=0.0), path=[]).to_arrow()
    with quiver.publish(topic, contract) as publisher:
        with quiver.subscribe(topic, old.Reading, wait_for_publisher=10) as subscriber:
            assert subscriber.schema_evolution.verdict == evolution.COMPATIBLE
            assert "field 'label' is only in the subscriber's schema: it reads as null" in subscriber.schema_evolution.differences
            publisher.send_bytes(rows.to_arrow().serialize())
            publisher.send_bytes(other_layout.serialize())
            batch = subscriber.receive(10)
            assert [(r.id, r.count, r.label, r.mode, r.origin.x, len(r.path)) for r in batch] == [
                (10, 0, None, 2, 0.0, 0), (11, 1, None, 2, 1.0, 1), (12, 2, None, 2, 2.0, 2)]
            assert type(batch[0].mode) is int  # no member of version 1 has the value 2
            with pytest.raises(quiver.ProtocolError, match="is not a valid 'evolution.Reading' record batch"):
                subscriber.receive(10)


def test_a_nested_message_missing_a_field_converts_to_arrow_with_it_null(versions):
    # What a version 2 view of a version 1 row gives (the subscriber makes such views of a v1 publisher's samples).
    _, modules = versions
    old, new = modules[1], modules[2]
    row = old.Reading(id=3, mode=old.Mode.On, origin=old.Point(x=1.0, y=2.0), path=[], count=9).to_arrow()
    view = new.Reading._quiver_view(row, 0)
    assert (view.count, view.exposure_us, view.origin.z) == (9, None, None)
    origin = view.origin.to_arrow()
    assert origin.schema == new.Point.SCHEMA
    assert origin.to_pylist() == [{"x": 1.0, "y": 2.0, "z": None}]


# --- recordings: a recording of one version played to a subscriber of another ---

def record_one(children, directory: Path, topic: str, message_type, message) -> None:
    """Records ``message`` published on ``topic`` with `quiver record`, until it has been written."""
    with quiver.publish(topic, message_type) as publisher:
        recorder = children(quiver_cli("record", "-o", str(directory), topic))
        recorder.expect("Recording ")
        assert publisher.wait_for_subscribers(1, CHILD_TIMEOUT)
        publisher.send(message)
        assert publisher.wait_for_in_flight(0, CHILD_TIMEOUT)
        recorder.process.send_signal(signal.SIGINT)
        assert recorder.process.wait(CHILD_TIMEOUT) == 0, recorder.process.stderr.read()


@pytest.mark.parametrize("recorded,subscriber", [(1, 2), (2, 1), (1, 3), (3, 2)])
def test_a_recording_plays_to_a_subscriber_of_another_version_by_the_same_rules(recorded, subscriber, versions, topic, children, tmp_path):
    _, modules = versions
    name = topic + "/reading"
    record_one(children, tmp_path / "recording", name, modules[recorded].Reading, sent(modules[recorded], recorded))

    player = children(quiver_cli("play", str(tmp_path / "recording"), "--wait-subscribers", "1"))
    with quiver.subscribe(name, modules[subscriber].Reading, wait_for_publisher=CHILD_TIMEOUT) as reader:
        assert reader.schema_evolution is not None and reader.schema_evolution.verdict == evolution.COMPATIBLE
        assert field_lines(modules[subscriber], reader.receive(CHILD_TIMEOUT)) == expected_fields(recorded, subscriber)
    assert player.process.wait(CHILD_TIMEOUT) == 0, player.process.stderr.read()


def test_a_recording_of_an_incompatible_version_is_refused_as_its_live_publisher_was(versions, topic, children, tmp_path):
    _, modules = versions
    name = topic + "/type-change"
    record_one(children, tmp_path / "recording", name, modules[1].TypeChange, modules[1].TypeChange(value=5))

    player = children(quiver_cli("play", str(tmp_path / "recording"), "--wait-subscribers", "1"))
    with pytest.raises(quiver.TopicUnavailableError) as refused:
        quiver.subscribe(name, modules[3].TypeChange, wait_for_publisher=CHILD_TIMEOUT)
    assert str(refused.value).endswith(expected_reason("type-change", 1, 3, modules)), str(refused.value)
    player.process.send_signal(signal.SIGINT)
    player.process.wait(CHILD_TIMEOUT)


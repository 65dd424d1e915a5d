"""`quiver record` against Python publishers (typed and raw): the recording opens in pyarrow with the
values sent, and a recorder killed with SIGKILL mid-stream leaves every file readable up to its last
whole message."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

import quiver
from conftest import CHILD_TIMEOUT, csharp_peer, quiver_cli

pa = pytest.importorskip("pyarrow")

READING = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string(), nullable=False)])
RAW_READING = quiver.Contract("lab.PyReading", 0x0123456789ABCDEF, READING.serialize().to_pybytes())


def reading(index: int):
    return pa.record_batch([pa.array([index, index + 1000], pa.int64()), pa.array([f"n{index}", "second"])], schema=READING)


def image(vision, index: int, size: int = 24):
    return vision.Image(width=size, height=1, step=size, encoding=vision.Encoding.Mono8, stamp=1_700_000_000_000_000_000 + index,
                        frame_id=f"frame-{index}", data=bytes((index + i) % 256 for i in range(size)), labels=[f"l{index}"])


def start_recorder(children, directory, *topics: str):
    recorder = children(quiver_cli("record", "-o", str(directory), *topics))
    recorder.expect("Recording ")
    return recorder


def topic_file(directory, topic: str, part: int = 0):
    stem = topic.replace("/", "+")
    return directory / (f"{stem}.arrows" if part == 0 else f"{stem}.{part}.arrows")


def readable_batches(path):
    """Every batch pyarrow reads from the stream, stopping at a message cut short (as a killed recorder leaves)."""
    batches = []
    with pa.ipc.open_stream(pa.OSFile(str(path))) as reader:
        while True:
            try:
                batches.append(reader.read_next_batch())
            except StopIteration:
                return batches, None
            except (pa.ArrowInvalid, OSError) as e:
                return batches, str(e)


def test_a_recording_of_python_publishers_opens_in_pyarrow_with_the_values_sent(topic, vision, children, tmp_path):
    images, readings = topic + "/camera", topic + "/lab"
    directory = tmp_path / "recording"
    with quiver.publish(images, vision.Image) as typed, quiver.publish(readings, RAW_READING) as raw:
        recorder = start_recorder(children, directory, images, readings)
        assert typed.wait_for_subscribers(1, CHILD_TIMEOUT) and raw.wait_for_subscribers(1, CHILD_TIMEOUT)
        for i in range(10):
            typed.send(image(vision, i))
            raw.send_bytes(reading(i).serialize())
        assert typed.wait_for_in_flight(0, CHILD_TIMEOUT) and raw.wait_for_in_flight(0, CHILD_TIMEOUT)
        recorder.process.send_signal(signal.SIGINT)
        assert recorder.process.wait(CHILD_TIMEOUT) == 0

    table = pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, images)))).read_all()
    assert table.column("frame_id").to_pylist() == [f"frame-{i}" for i in range(10)]
    assert table.column("data").to_pylist() == [image(vision, i).data for i in range(10)]
    with pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, readings)))) as reader:
        assert reader.schema.equals(READING)
        assert [batch.to_pydict() for batch in reader] == [reading(i).to_pydict() for i in range(10)]
    index = pa.ipc.open_stream(pa.OSFile(str(directory / "index.arrows"))).read_all()
    assert sorted(index.column("topic").to_pylist()) == sorted([images] * 10 + [readings] * 10)
    assert index.schema.field("publish_time").type == pa.timestamp("ns", "UTC")
    metadata = json.loads((directory / "metadata.json").read_text())
    files = {t["topic"]: t["files"][0] for t in metadata["topics"]}
    assert (files[readings]["message_type"], files[readings]["fingerprint"]) == ("lab.PyReading", "0123456789abcdef")
    assert files[images]["message_type"] == "vision.Image"


@pytest.mark.parametrize("codec", ["zstd", "lz4"])
def test_a_compressed_recording_of_python_publishers_opens_in_pyarrow_and_plays_the_values_sent(codec, topic, vision, children, tmp_path):
    images, readings, replayed = topic + "/camera", topic + "/lab", topic + "/replayed"
    directory = tmp_path / "recording"
    with quiver.publish(images, vision.Image) as typed, quiver.publish(readings, RAW_READING) as raw:
        recorder = start_recorder(children, directory, images, readings, "--compress", codec)
        assert typed.wait_for_subscribers(1, CHILD_TIMEOUT) and raw.wait_for_subscribers(1, CHILD_TIMEOUT)
        for i in range(10):
            typed.send(image(vision, i, size=4096))
            raw.send_bytes(reading(i).serialize())
        assert typed.wait_for_in_flight(0, CHILD_TIMEOUT) and raw.wait_for_in_flight(0, CHILD_TIMEOUT)
        recorder.process.send_signal(signal.SIGINT)
        assert recorder.process.wait(CHILD_TIMEOUT) == 0

    metadata = json.loads((directory / "metadata.json").read_text())
    assert [f["compression"] for t in metadata["topics"] for f in t["files"]] == [codec, codec]
    images_file = topic_file(directory, images)
    # Ten 4 KiB frames whose bytes repeat every 256: stored as published they take more than 40 KiB.
    assert images_file.stat().st_size < 20_000
    table = pa.ipc.open_stream(pa.OSFile(str(images_file))).read_all()
    assert table.column("frame_id").to_pylist() == [f"frame-{i}" for i in range(10)]
    assert table.column("data").to_pylist() == [image(vision, i, size=4096).data for i in range(10)]
    with pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, readings)))) as reader:
        assert [batch.to_pydict() for batch in reader] == [reading(i).to_pydict() for i in range(10)]

    player = children(quiver_cli("play", str(directory), "--topics", images, "--remap", f"{images}={replayed}", "--wait-subscribers", "1", "--rate", "8"))
    with quiver.subscribe(replayed, vision.Image, wait_for_publisher=CHILD_TIMEOUT) as subscriber:
        for i in range(10):
            message = subscriber.receive(CHILD_TIMEOUT)
            assert (message.frame_id, message.data.to_pybytes()) == (f"frame-{i}", image(vision, i, size=4096).data)
            del message
    assert player.process.wait(CHILD_TIMEOUT) == 0


def test_record_all_records_every_topic_of_csharp_and_python_publishers_also_one_that_appears_later(topic, vision, children, tmp_path):
    images, readings, relayed, late = topic + "/camera", topic + "/lab", topic + "/csharp", topic + "/late"
    directory = tmp_path / "all"
    csharp = children(csharp_peer("publish", relayed))
    csharp.expect("READY")
    with quiver.publish(images, vision.Image) as typed, quiver.publish(readings, RAW_READING) as raw:
        recorder = children(quiver_cli("record", "-o", str(directory), "--all"))
        started = recorder.expect("Recording ")
        assert sorted(started.removeprefix("Recording ").split(" into ")[0].split(", ")) == sorted([images, readings, relayed])
        # A publisher that starts after the recording did is joined within about a second.
        with quiver.publish(late, vision.Image) as later:
            assert later.wait_for_subscribers(1, CHILD_TIMEOUT), "the recorder did not join the topic that appeared"
            assert recorder.expect("Recording ") == f"Recording {late} too: its publisher appeared after the recording started."
            assert typed.wait_for_subscribers(1, CHILD_TIMEOUT) and raw.wait_for_subscribers(1, CHILD_TIMEOUT)
            csharp.say("WAIT 1")
            csharp.expect("SUBSCRIBED")
            for i in range(5):
                typed.send(image(vision, i))
                raw.send_bytes(reading(i).serialize())
                later.send(image(vision, 100 + i))
            csharp.say("SEND 5 300")
            sequences = [int(csharp.expect("SENT ").split()[1]) for _ in range(5)]
            assert all(p.wait_for_in_flight(0, CHILD_TIMEOUT) for p in (typed, raw, later))
            # The C# peer has no drain command: the recorder's count says when its five arrived.
            deadline = time.monotonic() + CHILD_TIMEOUT
            while json_topics(directory).get(relayed, 0) < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            recorder.process.send_signal(signal.SIGINT)
            assert recorder.process.wait(CHILD_TIMEOUT) == 0

    summary = recorder.remaining_lines()
    for name in (images, readings, relayed, late):
        assert any(line.startswith(f"{name}: 5 messages") for line in summary), summary
    assert json_topics(directory) == {images: 5, readings: 5, relayed: 5, late: 5}
    assert pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, images)))).read_all().column("frame_id").to_pylist() == [f"frame-{i}" for i in range(5)]
    assert pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, late)))).read_all().column("frame_id").to_pylist() == [f"frame-{100 + i}" for i in range(5)]
    with pa.ipc.open_stream(pa.OSFile(str(topic_file(directory, readings)))) as reader:
        assert [batch.to_pydict() for batch in reader] == [reading(i).to_pydict() for i in range(5)]
    index = pa.ipc.open_stream(pa.OSFile(str(directory / "index.arrows"))).read_all().select(["topic", "sequence"]).to_pydict()
    assert [s for t, s in zip(index["topic"], index["sequence"]) if t == relayed] == sequences


def json_topics(directory) -> dict:
    """Messages per topic as metadata.json lists them (rewritten every second while recording)."""
    try:
        return {t["topic"]: t["messages"] for t in json.loads((directory / "metadata.json").read_text())["topics"]}
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def test_a_recorder_killed_mid_stream_leaves_every_file_readable_to_its_last_whole_message(topic, vision, children, tmp_path):
    directory = tmp_path / "killed"
    path = topic_file(directory, topic)
    stop = threading.Event()
    sent = []
    with quiver.publish(topic, vision.Image) as publisher:
        recorder = start_recorder(children, directory, topic)
        assert publisher.wait_for_subscribers(1, CHILD_TIMEOUT)

        def publish() -> None:
            i = 0
            while not stop.is_set():
                publisher.send(image(vision, i, size=64 * 1024))
                sent.append(i)
                i += 1

        sender = threading.Thread(target=publish)
        sender.start()
        try:
            # Kill once the recorder has written a good part of the stream, while messages keep coming.
            deadline = time.monotonic() + CHILD_TIMEOUT
            while (not path.exists() or path.stat().st_size < 4 << 20) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert path.exists() and path.stat().st_size >= 4 << 20, "the recorder wrote less than 4 MiB"
            os.kill(recorder.process.pid, signal.SIGKILL)
            assert recorder.process.wait(CHILD_TIMEOUT) == -signal.SIGKILL
        finally:
            stop.set()
            sender.join()

    batches, damage = readable_batches(path)
    assert len(batches) >= 4 * 16 - 1, f"only {len(batches)} batches readable ({damage})"
    assert len(batches) <= len(sent)
    # What was recorded is a run of consecutive messages: nothing cut, reordered or invented.
    first = int(batches[0].column("frame_id")[0].as_py().split("-")[1])
    for offset, batch in enumerate(batches):
        assert batch.column("frame_id").to_pylist() == [f"frame-{first + offset}"]
        assert batch.column("data")[0].as_py() == image(vision, first + offset, size=64 * 1024).data
    index_batches, _ = readable_batches(directory / "index.arrows")
    rows = pa.Table.from_batches(index_batches, schema=index_batches[0].schema if index_batches else None)
    assert all(b < len(batches) for b in rows.column("batch").to_pylist())
    assert json.loads((directory / "metadata.json").read_text())["topics"][0]["topic"] == topic

    inspected = subprocess.run(quiver_cli("inspect", str(directory), "--json"), capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    assert inspected.returncode == 0, inspected.stderr
    summary = json.loads(inspected.stdout)
    assert summary["topics"][0]["messages"] == len(batches)
    assert summary["ended"] is None

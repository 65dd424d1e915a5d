"""Only peers of the same user connect (DESIGN §6): both sides read SO_PEERCRED and close the
connection to a peer of another uid, and the publisher keeps serving its own user's subscribers.

The runtime directory (0700, ours) normally keeps other users from reaching the socket at all;
these tests open it up on purpose to model an attacker who got past the filesystem (a
misconfigured directory), which is exactly what the SO_PEERCRED check is the second line against.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile

import pytest

import quiver
from conftest import CHILD_TIMEOUT, RAW, REPO, python_peer
from quiver.rendezvous import socket_path
from sample_pattern import pattern

NOBODY = 65534
# Starting a process as another user needs root. CI runs the tests as root, so there they always
# run; a developer running them as a normal user sees them skipped with the reason.
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: starts a peer as user nobody (setpriv)")

# Connects, sends a well-formed subscriber hello (built with quiver.frames, importable as nobody),
# then prints every byte the publisher sent until it closed. A reset counts as closed: the
# publisher may close with our hello unread.
FOREIGN_SUBSCRIBER = """
import socket, sys
sys.path.insert(0, sys.argv[1])
from quiver import frames
path, topic, message_type, fingerprint, schema = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), bytes.fromhex(sys.argv[6])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(30)
s.connect(path)
try:
    s.sendall(frames.Hello(frames.SUBSCRIBER, topic, message_type, fingerprint, schema).to_frame())
except (BrokenPipeError, ConnectionResetError):
    pass
got = b""
try:
    while chunk := s.recv(65536):
        got += chunk
except ConnectionResetError:
    pass
print("CLOSED", got.hex(), flush=True)
"""

# Listens where a publisher would, then prints every byte the subscriber sent until it closed.
FOREIGN_PUBLISHER = """
import socket, sys
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(sys.argv[1])
listener.listen(1)
print("LISTENING", flush=True)
s, _ = listener.accept()
s.settimeout(30)
got = b""
try:
    while chunk := s.recv(65536):
        got += chunk
except ConnectionResetError:
    pass
print("CLOSED", got.hex(), flush=True)
"""


def as_nobody(script: str, *args: str) -> list[str]:
    setpriv = shutil.which("setpriv") or pytest.fail("setpriv (util-linux) is needed to run a peer as another user; install util-linux.")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "/usr/bin/python3", "-c", script, *args]


@pytest.fixture
def package_for_nobody():
    """A copy of the quiver package that user nobody can import: the clone may live where nobody
    cannot traverse (a mode-0700 home or temporary directory)."""
    folder = tempfile.mkdtemp(prefix="qvpkg-")
    try:
        shutil.copytree(REPO / "src" / "Python" / "quiver", os.path.join(folder, "quiver"), ignore=shutil.ignore_patterns("__pycache__"))
        for directory, _, files in os.walk(folder):
            os.chmod(directory, 0o755)
            for name in files:
                os.chmod(os.path.join(directory, name), 0o644)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_log(logged: queue.SimpleQueue, text: str) -> str:
    seen = []
    while True:
        try:
            message = logged.get(timeout=CHILD_TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"no log message containing {text!r}; logged: {seen}") from None
        if text in message:
            return message
        seen.append(message)


def test_a_subscriber_of_another_user_is_refused_with_a_logged_reason_and_the_same_user_is_still_served(topic, runtime_dir, children, package_for_nobody):
    logged: queue.SimpleQueue[str] = queue.SimpleQueue()
    with quiver.publish(topic, RAW, segment_size=1 << 16, log=lambda level, message: logged.put(message)) as publisher:
        good = children(python_peer("subscribe", topic))
        good.expect("READY")
        assert publisher.wait_for_subscribers(1, 30)

        path = socket_path(topic)
        os.chmod(runtime_dir, 0o711)
        os.chmod(path, 0o777)
        try:
            foreign = children(as_nobody(FOREIGN_SUBSCRIBER, package_for_nobody, path, topic,
                                         RAW.message_type, str(RAW.fingerprint), RAW.schema.hex()))
            received = foreign.expect("CLOSED").removeprefix("CLOSED").strip()
        finally:
            os.chmod(runtime_dir, 0o700)
            os.chmod(path, 0o700)

        # Refused before its hello is read: not even the publisher's hello, let alone a segment or a sample.
        assert received == "", f"the publisher sent a peer of uid {NOBODY} these bytes: {received}"
        message = wait_for_log(logged, f"uid {NOBODY}")
        assert f"'{topic}'" in message and f"runs as uid {os.getuid()}" in message
        assert publisher.stats().subscribers == 1

        loan = publisher.loan(48)
        loan.memory[:] = pattern(1, 48)
        assert publisher.send(loan) == 1
        assert good.expect("SAMPLE") == "SAMPLE 1 48 ok"


def test_a_subscriber_refuses_a_publisher_of_another_user_naming_its_uid(topic, runtime_dir, children):
    path = socket_path(topic)
    try:
        # The foreign "publisher" needs write access to bind in our directory; closed again before we subscribe.
        os.chmod(runtime_dir, 0o777)
        try:
            foreign = children(as_nobody(FOREIGN_PUBLISHER, path))
            foreign.expect("LISTENING")
        finally:
            os.chmod(runtime_dir, 0o700)

        with pytest.raises(quiver.TopicUnavailableError, match=f"runs as uid {NOBODY}, not as this user \\(uid {os.getuid()}\\)"):
            quiver.subscribe(topic, RAW, wait_for_publisher=30)
        received = foreign.expect("CLOSED").removeprefix("CLOSED").strip()
    finally:
        if os.path.exists(path):
            os.unlink(path)
    assert received == "", f"the subscriber sent a publisher of uid {NOBODY} these bytes (its hello?): {received}"

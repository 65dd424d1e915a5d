"""Runtime directory and topic names resolve exactly as in C# (docs/protocol.md, "Rendezvous")."""

from __future__ import annotations

import os
import re

import pytest

from quiver import rendezvous as topics


def test_override_then_xdg_then_tmp(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", "relative/dir")
    assert topics.runtime_directory() == os.path.join(os.getcwd(), "relative/dir")
    monkeypatch.delenv("QUIVER_RUNTIME_DIR")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/7")
    assert topics.runtime_directory() == "/run/user/7/quiver"
    monkeypatch.setenv("XDG_RUNTIME_DIR", "not/absolute")
    assert topics.runtime_directory() == f"/tmp/quiver-{os.getuid()}"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert topics.runtime_directory() == f"/tmp/quiver-{os.getuid()}"


def test_the_directory_is_created_0700(monkeypatch, tmp_path):
    path = tmp_path / "rt"
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", str(path))
    assert topics.ensure_runtime_directory() == str(path)
    assert os.stat(path).st_mode & 0o777 == 0o700


def test_unsafe_directories_are_refused(monkeypatch, tmp_path):
    open_dir = tmp_path / "open"
    open_dir.mkdir(mode=0o755)
    os.chmod(open_dir, 0o755)
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", str(open_dir))
    with pytest.raises(PermissionError, match="mode 755 lets other users in"):
        topics.ensure_runtime_directory()
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(target)
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", str(link))
    with pytest.raises(PermissionError, match="not a directory"):
        topics.ensure_runtime_directory()
    file = tmp_path / "file"
    file.write_text("")
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", str(file))
    with pytest.raises(PermissionError, match="not a directory"):
        topics.ensure_runtime_directory()


@pytest.mark.parametrize("topic, file", [("camera/front", "camera+front.sock"), ("a", "a.sock"), ("A-b_c.d/e/f", "A-b_c.d+e+f.sock")])
def test_topic_to_socket_file(topic, file):
    assert topics.topic_file_name(topic) == file
    assert topics.topic_from_file_name(file) == topic


@pytest.mark.parametrize("topic, message", [
    ("", "1 to 64"), ("x" * 65, "1 to 64"), ("a b", "contains ' '"), ("a+b", "contains '+'"), ("é", "contains"),
    ("/a", "empty segment"), ("a//b", "empty segment"), ("a/", "empty segment"), ("a/./b", "'.' segment"), ("..", "'..' segment"),
])
def test_invalid_topics(topic, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        topics.topic_file_name(topic)


def test_socket_paths_must_fit_sun_path(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIVER_RUNTIME_DIR", "/tmp/" + "d" * 60)
    with pytest.raises(ValueError, match="longer than the 107 bytes"):
        topics.socket_path("t" * 50)
    assert not os.path.exists("/tmp/" + "d" * 60)

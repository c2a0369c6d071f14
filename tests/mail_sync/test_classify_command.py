"""`manage.py classify_emails FILE`: JSON Lines in, one JSON line out per input, no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from mail_sync.classifier import classify_many
from mail_sync.classifier.corpus import CORPUS_DIR
from mail_sync.management.commands.classify_emails import Command

LABELLED = CORPUS_DIR / "orbit-team.jsonl"
OUTPUT_KEYS = {"kind", "company", "role", "confidence", "reasons"}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "mail.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(path: Path | str) -> list[dict]:
    out = StringIO()
    call_command("classify_emails", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


# No `db` fixture anywhere in this module: pytest-django fails any query, so these tests also
# prove the command never touches the database.


def test_classifies_each_line_in_order(tmp_path: Path) -> None:
    """Each input line gives one output line with the five keys, in input order."""
    messages = [
        {
            "from": '"Acme Recruiting" <no-reply@greenhouse.io>',
            "subject": "Thank you for applying to Acme",
            "body": "We received your application for the Data Engineer position.",
        },
        {
            "from": "",
            "subject": "Update",
            "body": "We have decided to move forward with other candidates.",
        },
        {"subject": "Job alert: 20 new jobs", "body": "New jobs for you. Unsubscribe."},
    ]
    results = _run(_write(tmp_path, [json.dumps(m) for m in messages]))

    assert [r["kind"] for r in results] == ["confirmation", "rejection", "other"]
    assert all(set(r) == OUTPUT_KEYS for r in results)
    assert results[0]["company"] == "Acme"
    assert results[0]["role"] == "Data Engineer"
    assert results[2]["company"] is None and results[2]["role"] is None
    assert all(0 <= r["confidence"] <= 1 and r["reasons"] for r in results)


def test_reads_as_the_sync_does(tmp_path: Path) -> None:
    """The command answers what the sync's classifier does, line for line (extra keys ignored)."""
    lines = LABELLED.read_text(encoding="utf-8").splitlines()[:120]
    results = _run(_write(tmp_path, lines))
    rows = [json.loads(line) for line in lines]
    expected = classify_many([(r["from"], r["subject"], r["body"]) for r in rows])
    assert len(results) == len(rows)
    assert [(r["kind"], r["company"], r["role"]) for r in results] == [
        (e.kind, e.company, e.role) for e in expected
    ]
    assert [r["confidence"] for r in results] == pytest.approx([e.confidence for e in expected])


def test_bad_lines_keep_alignment_and_fail_at_the_end(tmp_path: Path) -> None:
    """Unreadable lines become {"error"} lines in place; the command exits with an error."""
    path = _write(
        tmp_path,
        [
            json.dumps({"from": "", "subject": "Offer letter", "body": "Your offer letter."}),
            "this is not json",
            "[1, 2]",
            json.dumps({"subject": 42, "body": ""}),
            "",
            json.dumps({"from": None, "subject": "Hi", "body": None}),
        ],
    )
    out = StringIO()
    with pytest.raises(CommandError, match="3 of 6 lines"):
        call_command("classify_emails", str(path), stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]

    assert len(results) == 6
    assert results[0]["kind"] == "offer"
    assert results[1] == {"error": results[1]["error"]}
    assert "line 2: invalid JSON" in results[1]["error"]
    assert "line 3: expected a JSON object" in results[2]["error"]
    assert "line 4: 'subject' must be a string" in results[3]["error"]
    assert results[4]["kind"] == "other"  # a blank line is an empty message, not skipped
    assert results[5]["kind"] == "other"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A path that does not exist is reported, not a traceback."""
    with pytest.raises(CommandError, match="cannot read"):
        call_command("classify_emails", str(tmp_path / "nope.jsonl"), stdout=StringIO())


def test_command_skips_checks() -> None:
    """The command runs no system or migration checks, so it works without a database."""
    assert Command.requires_system_checks == []
    assert Command.requires_migrations_checks is False


def test_runs_as_a_real_process(tmp_path: Path) -> None:
    """`python manage.py classify_emails FILE` prints JSON Lines and exits 0."""
    path = _write(
        tmp_path,
        [
            json.dumps(
                {
                    "from": "HackerRank <support@hackerrankforwork.com>",
                    "subject": "Globex has invited you to take a coding test",
                    "body": "Please complete the test within 7 days.",
                },
                ensure_ascii=False,
            ),
            json.dumps({"from": "", "subject": "Dîner dimanche ?", "body": "À bientôt"}),
        ],
    )
    completed = subprocess.run(
        [sys.executable, "manage.py", "classify_emails", str(path)],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [r["kind"] for r in results] == ["assessment", "other"]
    assert results[0]["company"] == "Globex"

"""Linking quality on the labelled mailboxes (tests/mail_sync/mailboxes/): the real pipeline
(classifier, linker, writers) over each mailbox as a new user. Prints each miss, then
`linked_right=… cross_company=… n=…` as the last line. Goals: linked_right >= 0.97,
cross_company = 0.

    .venv/bin/python bench/linking.py

Uses DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/orbit_bench (created and
migrated on first use). Everything runs in one transaction that is rolled back, so nothing
is left behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/orbit_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbit.settings")
os.environ.setdefault("DEBUG", "1")  # dev encryption key; no HTTPS redirects
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    from bench.sync import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from tests.mail_sync.mailboxes.score import score_mailboxes

    with transaction.atomic():
        score = score_mailboxes()
        transaction.set_rollback(True)
    print(score.report())


if __name__ == "__main__":
    main()

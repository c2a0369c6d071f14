"""Benchmark: a full Gmail sync of 5,000 messages from the fake Gmail, then an empty
incremental sync. Prints messages per second (whole pipeline: fetch, parse, store, classify,
link) and quota units per message.

    .venv/bin/python bench/sync.py [--messages 5000]

Uses DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/orbit_bench (created and
migrated on first use). The tables the sync writes are vacuumed first, so each run starts as a
new install would: no rows left by earlier runs, only this user's. Goals: >= 500 msg/s,
<= 5.1 units/message full, <= 2 units incremental.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/orbit_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbit.settings")
os.environ.setdefault("DEBUG", "1")  # dev encryption key; no HTTPS redirects
os.environ.setdefault("LOG_LEVEL", "WARNING")


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_mail_search(count: int):
    """The benchmark's job search: one employer per application, 1.7 messages each."""
    from django.utils import timezone

    from devtools.demo.plan import bench_search

    return bench_search(
        anchor=timezone.now(),
        seed=42,
        applications=max(1, count * 3 // 5),
        generated_companies=True,
        days=150,  # all of it inside the full sync's window (GMAIL_SYNC_WINDOW_DAYS)
    )


def serve_fake(address: str, count: int, connection) -> None:
    """Child process: build the mailbox and serve it. A separate process, like Google is, so
    the fake's CPU does not share the sync's interpreter lock."""
    from devtools.demo.mail import mailbox_for
    from devtools.fake_gmail import FakeGmail

    mailbox = mailbox_for(bench_mail_search(count), address=address, count=count)
    mailbox.warm()  # pre-encode, so the fake's JSON work is not on the clock
    fake = FakeGmail(mailbox).start()
    from django.conf import settings

    matching = len(mailbox.search(settings.GMAIL_QUERY))
    connection.send((fake.base_url, fake.token_uri, fake.revoke_uri, len(mailbox), matching))
    connection.recv()  # wait for the parent to finish
    fake.stop()


def track_companies(user, count: int) -> None:
    """The applications a user would have entered by hand before connecting Gmail: the same
    search the mailbox was written from."""
    from devtools.demo.write import write_search

    write_search(bench_mail_search(count), user=user)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="cProfile the full sync")
    parser.add_argument(
        "--tracked",
        action="store_true",
        help="the user already tracks every application (mail links instead of creating)",
    )
    parser.add_argument(
        "--no-processing",
        action="store_true",
        help="measure the sync engine alone (skip classification and linking)",
    )
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)

    from applications.models import Application, Event
    from mail_sync import services, sync
    from mail_sync.models import Message, Suggestion, SyncRun
    from orbit.models import User

    # Each run deletes what it synced, and autovacuum is off on the shared dev server: without
    # this, dead rows and index entries from earlier runs would be timed, not the sync.
    with connections["default"].cursor() as cursor:
        for model in (Message, Suggestion, Application, Event):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

    if args.no_processing:
        sync.process_messages = lambda messages, **options: None

    print(f"building a {args.messages}-message mailbox…", flush=True)
    started = time.perf_counter()
    address = f"bench-{int(time.time())}@example.com"
    connections.close_all()  # never share a database socket with the forked child
    parent_end, child_end = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve_fake, args=(address, args.messages, child_end), daemon=True
    )
    server.start()
    base_url, token_uri, revoke_uri, mailbox_size, matching = parent_end.recv()
    print(f"  built in {time.perf_counter() - started:.1f}s", flush=True)
    settings.GMAIL_API_ENDPOINT = base_url
    settings.GOOGLE_TOKEN_URI = token_uri
    settings.GOOGLE_REVOKE_URI = revoke_uri
    try:
        user = User.objects.create_user(email=address, password=None)
        account = services.connect_account(user=user, email=address, refresh_token="bench")
        if args.tracked:
            track_companies(user, args.messages)

        # A worker loads the mail classifier once per process, not once per sync: load it
        # before the clock, as the worker has by its second sync.
        from mail_sync.classifier import classify

        classify(sender="", subject="warm-up", body="warm-up")
        run = SyncRun.objects.create(user=user, account=account, trigger="bench")
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        sync.sync_account(run=run)
        full_seconds = time.perf_counter() - started
        if profiler:
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "tottime"))
            stats.print_stats(int(os.environ.get("BENCH_ROWS", "30")))
            if os.environ.get("BENCH_PROFILE_OUT"):
                stats.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        run.refresh_from_db()
        assert run.state == SyncRun.State.SUCCEEDED, run.error
        stored = Message.objects.filter(account=account).count()

        incremental = SyncRun.objects.create(user=user, account=account, trigger="bench")
        started = time.perf_counter()
        sync.sync_account(run=incremental)
        incremental_seconds = time.perf_counter() - started
        incremental.refresh_from_db()

        print(f"mailbox: {mailbox_size} messages, {matching} match GMAIL_QUERY")
        pipeline = (
            "fetch, parse, store" if args.no_processing else "fetch, parse, store, classify, link"
        )
        print(
            f"full sync: {run.new} messages in {full_seconds:.2f}s = "
            f"{run.new / full_seconds:.0f} messages/s "
            f"({pipeline}); "
            f"classified {run.classified}, linked {run.linked}, failed {run.failed}"
        )
        print(
            f"full sync quota: {run.quota_units} units = "
            f"{run.quota_units / max(run.new, 1):.3f} units/message"
        )
        print(
            f"incremental sync (nothing new): {incremental.quota_units} units, "
            f"{incremental_seconds * 1000:.0f} ms, kind={incremental.kind}"
        )
        assert stored == run.new
    finally:
        parent_end.send("stop")
        server.join(timeout=10)
        # Leave the database small: the benchmark user and its mail are throwaway.
        User.objects.filter(email=address).delete()


if __name__ == "__main__":
    main()

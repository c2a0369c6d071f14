"""Disconnecting Gmail while a sync of the account runs: nothing of the mailbox survives it.

The disconnect runs on its own thread and database connection, as a web request beside a
worker would, so these tests commit for real (`transaction=True`).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time

import psycopg
import pytest
from django.db import connection

from applications.models import Application, Event, EventSource
from mail_sync import services, sync, tasks
from mail_sync.gmail import GrantRevoked
from mail_sync.models import EventMessage, GmailAccount, Message, Suggestion, SyncRun
from tests.mail_sync.conftest import REFRESH_TOKEN, job_mail

pytestmark = pytest.mark.django_db(transaction=True)

DISCONNECTED = "Gmail was disconnected during the sync."
# Confirmations from companies the classifier recognises, so each one creates an application.
COMPANIES = [
    f"{name} {kind}"
    for name, kind in itertools.product(
        ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Soylent", "Vandelay", "Wonka"],
        ["Labs", "Systems", "Robotics"],
    )
]


def add_confirmations(mailbox, count: int) -> None:
    for company in COMPANIES[:count]:
        message, when = job_mail(company=company)
        mailbox.add(message, labels=("INBOX",), internal_date=when)


class DisconnectThread(threading.Thread):
    """services.disconnect on another thread, so on another database connection."""

    def __init__(self, account: GmailAccount) -> None:
        super().__init__(name="disconnect", daemon=True)
        self.account = account  # as the view loaded it, before the click was handled
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            services.disconnect(account=self.account)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connection.close()

    def finish(self) -> None:
        self.join(timeout=30)
        assert not self.is_alive(), "disconnect hung"
        assert self.error is None, repr(self.error)


def companies_in(fetched) -> set[str]:
    """The companies of a fetched batch (job_mail's subjects end with the company)."""
    return {parsed.subject.removeprefix("Thank you for applying to ") for _, (_, parsed) in fetched}


def wait_until_blocked_or_done(thread: threading.Thread, timeout: float = 10) -> bool:
    """True once some connection waits for a lock; False if the thread ended first."""
    params = connection.get_connection_params()
    deadline = time.monotonic() + timeout
    with psycopg.connect(**params, autocommit=True) as observer:
        while time.monotonic() < deadline:
            if not thread.is_alive():
                return False
            waiting = observer.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                " WHERE NOT l.granted AND a.datname = current_database()"
            ).fetchone()[0]
            if waiting:
                return True
            time.sleep(0.02)
    raise AssertionError("the disconnect neither finished nor waited for a lock")


def assert_nothing_of_the_mailbox_remains(account_id: int) -> None:
    assert not GmailAccount.objects.filter(pk=account_id).exists()
    assert not Message.objects.exists()
    assert not Suggestion.objects.exists()
    assert not SyncRun.objects.filter(account_id=account_id).exists()
    assert not EventMessage.objects.exists()
    for event in Event.objects.filter(source=EventSource.EMAIL):
        assert not {"subject", "snippet", "from", "body"} & set(event.data)


def assert_a_later_task_does_nothing(account_id: int, run_id: int, fake_gmail) -> None:
    requests = fake_gmail.stats.http_requests
    assert tasks.sync_account(account_id, run_id) == "missing"
    assert tasks.sync_all_accounts() == 0
    assert fake_gmail.stats.http_requests == requests
    assert not Message.objects.exists()
    assert not GmailAccount.objects.exists()


@pytest.mark.parametrize("last_fetch", ["before", "after"])
def test_disconnect_between_batches_stops_the_sync_and_keeps_nothing_it_fetched(
    gmail_account, mailbox, fake_gmail, monkeypatch, caplog, last_fetch
):
    """A disconnect committed between batches 2 and 3: batch 3 stores and creates nothing,
    whether it was fetched before the disconnect or after it (when Google refuses the grant
    the disconnect revoked)."""
    add_confirmations(mailbox, 24)  # batches of 10, 10 and 4, one transaction each
    original_store = sync.Syncer._store
    original_fetch = sync.Syncer._fetch
    batches: list[set[str]] = []
    last_fetched, disconnected = threading.Event(), threading.Event()
    last_fetch_errors: list[Exception] = []

    def fetch(self, chunk):
        is_last = len(chunk) == 4
        if is_last and last_fetch == "after":
            assert disconnected.wait(timeout=30)
        try:
            return original_fetch(self, chunk)
        except Exception as error:
            last_fetch_errors.append(error)
            raise
        finally:
            if is_last:
                last_fetched.set()

    def store_then_disconnect(self, fetched, **options):
        batches.append(companies_in(fetched))
        original_store(self, fetched, **options)
        if len(batches) == 2:  # the user clicks Disconnect right after batch 2 committed
            if last_fetch == "before":
                assert last_fetched.wait(timeout=30)
            disconnect = DisconnectThread(gmail_account)
            disconnect.start()
            disconnect.finish()
            disconnected.set()

    monkeypatch.setattr(sync.Syncer, "_fetch", fetch)
    monkeypatch.setattr(sync.Syncer, "_store", store_then_disconnect)
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account, trigger="test")

    with caplog.at_level(logging.INFO):
        returned = sync.sync_account(run=run)

    if last_fetch == "before":
        assert len(batches) == 3  # fetched, then refused at its transaction's start
        assert not last_fetch_errors
    else:
        assert len(batches) == 2
        assert [type(error) for error in last_fetch_errors] == [GrantRevoked]
    assert_nothing_of_the_mailbox_remains(gmail_account.pk)
    companies = set(Application.objects.values_list("company", flat=True))
    assert companies == batches[0] | batches[1]  # made before the disconnect: they stay
    assert Event.objects.filter(source=EventSource.EMAIL).count() == len(companies)
    assert (returned.state, returned.error) == (SyncRun.State.FAILED, DISCONNECTED)
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert fake_gmail.revoke_requests == [REFRESH_TOKEN]
    assert_a_later_task_does_nothing(gmail_account.pk, run.pk, fake_gmail)


@pytest.mark.parametrize(
    ("during_batch", "hook", "outcome"),
    [
        # Before anything is written; batch 3 then finds the account gone.
        (2, "process_messages", (SyncRun.State.FAILED, DISCONNECTED)),
        # The last batch, after its mail and run counters are written, as it moves the cursor.
        (3, "advance_cursor", (SyncRun.State.SUCCEEDED, "")),
    ],
)
def test_disconnect_during_a_batch_waits_for_it_then_deletes_what_it_stored(
    gmail_account, mailbox, fake_gmail, monkeypatch, caplog, during_batch, hook, outcome
):
    """A disconnect that arrives while a batch is being written waits for that one commit,
    then deletes its mail too; no batch is stored after it."""
    add_confirmations(mailbox, 24)  # batches of 10, 10 and 4
    original_store = sync.Syncer._store
    original_process = sync.process_messages
    original_advance = sync.Syncer._advance_cursor
    batches: list[set[str]] = []
    disconnects: list[DisconnectThread] = []
    waited: list[bool] = []

    def disconnect_while_writing() -> None:
        if len(batches) == during_batch and not disconnects:  # inside that batch's transaction
            disconnects.append(DisconnectThread(gmail_account))
            disconnects[0].start()
            waited.append(wait_until_blocked_or_done(disconnects[0]))

    def store(self, fetched, **options):
        batches.append(companies_in(fetched))
        return original_store(self, fetched, **options)

    def process(messages, **options):
        if hook == "process_messages":
            disconnect_while_writing()
        return original_process(messages, **options)

    def advance_cursor(self, cursor):
        if hook == "advance_cursor":
            disconnect_while_writing()
        return original_advance(self, cursor)

    monkeypatch.setattr(sync.Syncer, "_store", store)
    monkeypatch.setattr(sync, "process_messages", process)
    monkeypatch.setattr(sync.Syncer, "_advance_cursor", advance_cursor)
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account, trigger="test")

    with caplog.at_level(logging.INFO):
        returned = sync.sync_account(run=run)
    disconnects[0].finish()

    assert waited == [True]  # the disconnect waited for the batch to commit
    assert len(batches) == 3
    assert_nothing_of_the_mailbox_remains(gmail_account.pk)
    companies = set(Application.objects.values_list("company", flat=True))
    assert companies == set().union(*batches[:during_batch])
    assert Event.objects.filter(source=EventSource.EMAIL).count() == len(companies)
    assert (returned.state, returned.error) == outcome
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert fake_gmail.revoke_requests == [REFRESH_TOKEN]
    assert_a_later_task_does_nothing(gmail_account.pk, run.pk, fake_gmail)


def test_disconnect_before_the_first_batch_stops_the_sync_quietly(
    gmail_account, mailbox, fake_gmail, monkeypatch, caplog
):
    """Disconnected while the sync was still listing: no batch is fetched or stored."""
    add_confirmations(mailbox, 15)
    original = sync.Syncer._fetch_and_store

    def fetch_and_store_after_a_disconnect(self, listed, **options):
        disconnect = DisconnectThread(gmail_account)
        disconnect.start()
        disconnect.finish()
        return original(self, listed, **options)

    monkeypatch.setattr(sync.Syncer, "_fetch_and_store", fetch_and_store_after_a_disconnect)
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account, trigger="test")

    with caplog.at_level(logging.INFO):
        returned = sync.sync_account(run=run)

    assert fake_gmail.stats.batches == 0
    assert_nothing_of_the_mailbox_remains(gmail_account.pk)
    assert not Application.objects.exists()
    assert (returned.state, returned.error) == (SyncRun.State.FAILED, DISCONNECTED)
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert_a_later_task_does_nothing(gmail_account.pk, run.pk, fake_gmail)


def test_a_queued_run_of_a_disconnected_account_does_nothing(gmail_account, fake_gmail):
    """The task loaded its run, then the account was disconnected before the run started."""
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account, trigger="test")
    disconnect = DisconnectThread(gmail_account)
    disconnect.start()
    disconnect.finish()

    returned = sync.sync_account(run=run)

    assert returned.state == SyncRun.State.QUEUED  # nothing to record it on: the row is gone
    assert fake_gmail.stats.http_requests == 1  # the revoke, and no call to Gmail
    assert not GmailAccount.objects.exists()


def test_disconnecting_twice_at_once_deletes_once_and_neither_fails(
    gmail_account, mailbox, fake_gmail
):
    """A double click: the second disconnect finds nothing left and returns quietly."""
    add_confirmations(mailbox, 3)
    sync.sync_account(
        run=SyncRun.objects.create(user=gmail_account.user, account=gmail_account, trigger="test")
    )
    # Two requests, each with the account as it loaded it.
    first = DisconnectThread(GmailAccount.objects.get(pk=gmail_account.pk))
    second = DisconnectThread(GmailAccount.objects.get(pk=gmail_account.pk))
    first.start()
    second.start()
    first.finish()
    second.finish()

    assert_nothing_of_the_mailbox_remains(gmail_account.pk)
    assert fake_gmail.revoke_requests == [REFRESH_TOKEN]

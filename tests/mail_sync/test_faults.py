"""Faults injected at the fake Gmail: rate limits, server errors, slowness, revoked grants."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from mail_sync import sync
from mail_sync.models import GmailAccount, Message, SyncRun
from tests.mail_sync.conftest import add_job_mail, run_sync

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [429, 500, 503])
def test_retryable_errors_are_retried_until_they_pass(gmail_account, mailbox, fake_gmail, status):
    """429 and 5xx on every kind of call are retried with backoff; nothing is lost."""
    add_job_mail(mailbox, 15)
    fake_gmail.fail_next(status, times=2, path="/profile")
    fake_gmail.fail_next(status, times=1, path="/messages")
    fake_gmail.fail_next(status, times=2, path="/batch")

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert Message.objects.count() == 15
    assert run.fetched == 15


def test_403_rate_limit_is_retried(gmail_account, mailbox, fake_gmail):
    """403 with reason rateLimitExceeded is a rate limit, not a permission problem."""
    add_job_mail(mailbox, 3)
    fake_gmail.fail_next(403, times=1, path="/messages")

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert Message.objects.count() == 3


def test_persistent_errors_fail_the_run_after_retries(gmail_account, mailbox, fake_gmail):
    """A Gmail outage longer than the retries fails the run and records the error."""
    add_job_mail(mailbox, 3)
    fake_gmail.fail_next(503, times=50, path="/profile")

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.FAILED
    assert "503" in run.error
    gmail_account.refresh_from_db()
    assert "503" in gmail_account.last_error
    assert gmail_account.state == GmailAccount.State.ACTIVE  # still syncable next time


def test_slow_responses_past_the_timeout_are_retried(gmail_account, mailbox, fake_gmail, settings):
    """A response slower than the HTTP timeout is a transport error: retried on a new socket."""
    settings.GMAIL_HTTP_TIMEOUT_SECONDS = 0.3
    add_job_mail(mailbox, 4)
    fake_gmail.slow_next(1.0, times=1, path="/batch")
    fake_gmail.slow_next(0.1, times=1, path="/messages")

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert Message.objects.count() == 4


def test_429_inside_a_batch_retries_only_the_failed_sub_requests(
    gmail_account, mailbox, fake_gmail
):
    """Sub-requests answered 429 inside a 200 batch are fetched again, alone."""
    stored = add_job_mail(mailbox, 10)
    fake_gmail.fail_in_batch(429, ids=[stored[2].id, stored[7].id])

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert Message.objects.count() == 10
    assert fake_gmail.stats.batches == 2
    assert fake_gmail.stats.calls["messages.get"] == 12  # 10 + the 2 retried
    assert run.quota_units == 1 + 5 + 12 * 5


def test_invalid_grant_marks_reconnect_needed_and_stops_syncing(gmail_account, mailbox, fake_gmail):
    """A revoked refresh token: the account needs reconnecting and is no longer synced."""
    add_job_mail(mailbox, 2)
    fake_gmail.revoke("1//fake-refresh-token")

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.FAILED
    gmail_account.refresh_from_db()
    assert gmail_account.state == GmailAccount.State.RECONNECT_NEEDED
    assert "invalid_grant" in gmail_account.last_error
    assert not GmailAccount.objects.syncable().exists()
    token_calls = fake_gmail.stats.http_requests

    second = run_sync(gmail_account)

    assert second.state == SyncRun.State.FAILED
    assert fake_gmail.stats.http_requests == token_calls  # no more calls to Google


def test_refreshed_access_token_is_stored_encrypted(gmail_account, mailbox, fake_gmail):
    """The access token from the refresh is kept (encrypted) and reused by the next sync."""
    add_job_mail(mailbox, 1)
    run_sync(gmail_account)
    gmail_account.refresh_from_db()
    assert gmail_account.access_token_encrypted
    assert "fake-access" not in gmail_account.access_token_encrypted
    refreshes = fake_gmail.stats.calls["token"]

    run_sync(gmail_account)

    assert fake_gmail.stats.calls["token"] == refreshes


def test_unparseable_message_is_recorded_and_does_not_block_the_rest(
    gmail_account, mailbox, fake_gmail
):
    """A message whose body is not valid base64url is stored as failed with the reason."""
    good = add_job_mail(mailbox, 4)
    broken = good[1]
    broken._cache["full:"] = broken.encoded("full").replace(b'"data": "', b'"data": "%%%')

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert (run.fetched, run.new, run.failed) == (4, 4, 1)
    failed = Message.objects.get(gmail_id=broken.id)
    assert failed.parse_state == Message.ParseState.FAILED
    assert "base64" in failed.parse_error
    assert Message.objects.filter(parse_state=Message.ParseState.PARSED).count() == 3

    rerun = run_sync(gmail_account)
    assert rerun.fetched == 0  # a failed message is not fetched forever


def test_sync_interrupted_between_batches_resumes_without_loss_or_duplicates(
    gmail_account, mailbox, fake_gmail, settings
):
    """A fatal error on the third batch request; the rerun fetches only the rest."""
    # One fetch thread, so the third request is the third batch: with two, a thread that
    # starts late can send the first batch third, and nothing is stored before the crash.
    settings.GMAIL_FETCH_THREADS = 1
    add_job_mail(mailbox, 45)  # 5 batches of 10
    fake_gmail.fail_next(400, times=1, path="/batch", skip=2)

    first = run_sync(gmail_account)

    assert first.state == SyncRun.State.FAILED
    stored_after_crash = Message.objects.count()
    # Batches commit in order, so the two before the failed batch are stored.
    assert stored_after_crash == 20
    gmail_account.refresh_from_db()
    assert gmail_account.history_id == ""  # the cursor did not move past uncommitted data

    second = run_sync(gmail_account)

    assert second.state == SyncRun.State.SUCCEEDED, second.error
    assert second.fetched == 45 - stored_after_crash
    assert Message.objects.count() == 45
    assert Message.objects.values("gmail_id").distinct().count() == 45


def test_a_message_stored_behind_the_runs_back_fails_the_batch_then_the_rerun_completes(
    gmail_account, mailbox, fake_gmail, monkeypatch
):
    """New mail is inserted without an upsert; a row that appears anyway is never doubled."""
    add_job_mail(mailbox, 25)
    original = sync.Syncer._store
    intruders: list[Message] = []

    def store_after_an_intruder(self, fetched, **options):
        if not intruders:  # another writer stores one of this batch's messages first
            _gmail_id, (_resource, parsed) = fetched[-1]
            intruder = sync._message_row(gmail_account, parsed)
            intruder.user = gmail_account.user
            intruder.save()
            intruders.append(intruder)
        return original(self, fetched, **options)

    monkeypatch.setattr(sync.Syncer, "_store", store_after_an_intruder)

    first = run_sync(gmail_account)

    assert first.state == SyncRun.State.FAILED
    assert "duplicate key" in first.error
    assert Message.objects.count() == 1  # only the intruder: the failed batch kept nothing

    second = run_sync(gmail_account)

    assert second.state == SyncRun.State.SUCCEEDED, second.error
    assert second.fetched == 24
    assert Message.objects.count() == 25
    assert Message.objects.values("gmail_id").distinct().count() == 25
    assert not Message.objects.exclude(pk=intruders[0].pk).filter(processed_at=None).exists()


def test_a_second_concurrent_sync_exits_without_work(gmail_account, mailbox, fake_gmail):
    """While another connection holds the account's sync lock, a run does nothing."""
    add_job_mail(mailbox, 3)
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account)
    key = [sync.LOCK_NAMESPACE, gmail_account.pk]
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", key)
        try:
            sync.sync_account(run=run)
        finally:
            # Unlock before closing: a closed connection's lock is released only once its
            # server process has noticed, which can be after the second sync below has asked.
            (released,) = other.execute("SELECT pg_advisory_unlock(%s, %s)", key).fetchone()
    assert released
    run.refresh_from_db()

    assert run.state == SyncRun.State.QUEUED
    assert fake_gmail.stats.http_requests == 0
    assert Message.objects.count() == 0

    sync.sync_account(run=run)  # lock released: the same run now does its work
    run.refresh_from_db()
    assert run.state == SyncRun.State.SUCCEEDED
    assert Message.objects.count() == 3


def test_parallel_fetch_threads_share_one_token_refresh(gmail_account, mailbox, fake_gmail):
    """One service per thread, but a single OAuth refresh for the whole sync."""
    add_job_mail(mailbox, 40)  # 4 batches over 2 threads

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert fake_gmail.stats.calls["token"] == 1


def test_undecryptable_token_fails_the_run_instead_of_crashing(gmail_account, settings):
    """Keys rotated away without re-encrypting: the run fails with a reason, never hangs."""
    from cryptography.fernet import Fernet

    settings.ORBIT_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.FAILED
    assert "InvalidToken" in run.error
    assert run.finished_at is not None

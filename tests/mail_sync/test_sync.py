"""The sync engine against the fake Gmail over real HTTP: full, incremental, cursor expiry."""

from __future__ import annotations

import pytest

from mail_sync.models import GmailAccount, Message, SyncRun
from tests.mail_sync.conftest import add_job_mail, job_mail, run_sync

pytestmark = pytest.mark.django_db


def test_full_sync_stores_job_mail_and_sets_the_cursor(gmail_account, mailbox):
    """A first sync lists job mail, fetches it in batches, stores it and takes the cursor."""
    add_job_mail(mailbox, 25)
    personal, when = job_mail(sender="Mum <mum@family.example.org>", subject="Sunday lunch?")
    mailbox.add(personal, internal_date=when)

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.FULL
    assert (run.listed, run.fetched, run.new, run.failed) == (25, 25, 25, 0)
    assert Message.objects.filter(account=gmail_account).count() == 25
    assert not Message.objects.filter(subject="Sunday lunch?").exists()
    gmail_account.refresh_from_db()
    assert gmail_account.history_id == str(mailbox.history_id)
    assert gmail_account.last_synced_at is not None
    assert run.started_at <= run.finished_at


def test_full_sync_parses_headers_bodies_and_dates(gmail_account, mailbox):
    """Subject, sender, thread, internal date and text/HTML bodies land in their columns."""
    message, when = job_mail(
        company="Zoë Labs",
        subject="Réponse à votre candidature",
        body="Merci pour votre candidature, l'équipe Zoë.",
        html="<p>Merci <b>beaucoup</b></p>",
        charset="iso-8859-1",
    )
    stored = mailbox.add(message, internal_date=when)

    run_sync(gmail_account)

    row = Message.objects.get(gmail_id=stored.id)
    assert row.subject == "Réponse à votre candidature"
    assert row.from_email == "no-reply@greenhouse.io"
    assert row.from_domain == "greenhouse.io"
    assert row.from_header.startswith("Zoë Labs Recruiting")
    assert row.body_text.strip() == "Merci pour votre candidature, l'équipe Zoë."
    assert "<b>beaucoup</b>" in row.body_html
    assert row.thread_id == stored.thread_id
    assert abs((row.internal_date - when).total_seconds()) < 1
    assert row.parse_state == Message.ParseState.PARSED


def test_mail_outside_the_window_is_not_synced(gmail_account, mailbox):
    """Only the configured window (default 180 days) is listed."""
    add_job_mail(mailbox, 2, days_ago=3)
    add_job_mail(mailbox, 2, days_ago=400)

    run = run_sync(gmail_account)

    assert run.listed == 2
    assert Message.objects.count() == 2


def test_incremental_sync_fetches_only_new_job_mail(gmail_account, mailbox, fake_gmail):
    """After a full sync, history.list finds new mail; non-job mail is never stored."""
    add_job_mail(mailbox, 5)
    run_sync(gmail_account)
    add_job_mail(mailbox, 3, later=True)
    personal, when = job_mail(sender="Mum <mum@family.example.org>", subject="Sunday lunch?")
    mailbox.add_later(personal, internal_date=when)
    sent, when = job_mail(subject="Re: interview")
    mailbox.add_later(sent, labels=("SENT",), internal_date=when)
    mailbox.deliver()
    gets_before = fake_gmail.stats.calls.get("messages.get", 0)

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.INCREMENTAL
    assert (run.listed, run.fetched, run.new) == (4, 4, 3)
    assert Message.objects.count() == 8
    assert not Message.objects.filter(subject="Sunday lunch?").exists()
    assert fake_gmail.stats.calls["messages.get"] - gets_before == 4  # the SENT one is skipped
    gmail_account.refresh_from_db()
    assert gmail_account.history_id == str(mailbox.history_id)


def test_empty_incremental_sync_costs_one_history_call(gmail_account, mailbox, fake_gmail):
    """Nothing new: a single history.list call, 2 quota units, nothing written."""
    add_job_mail(mailbox, 3)
    run_sync(gmail_account)
    calls_before = dict(fake_gmail.stats.calls)

    run = run_sync(gmail_account)

    assert run.kind == SyncRun.Kind.INCREMENTAL
    assert run.quota_units == 2
    assert (run.listed, run.fetched, run.new) == (0, 0, 0)
    calls = {k: v - calls_before.get(k, 0) for k, v in fake_gmail.stats.calls.items()}
    assert {k: v for k, v in calls.items() if v} == {"history.list": 1}


def test_expired_cursor_falls_back_to_a_full_sync(gmail_account, mailbox, fake_gmail):
    """history.list 404 means the cursor is too old: the same run does a full sync."""
    add_job_mail(mailbox, 4)
    run_sync(gmail_account)
    add_job_mail(mailbox, 2)
    fake_gmail.expire_history()

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.FULL
    assert (run.listed, run.fetched, run.new) == (6, 2, 2)
    assert Message.objects.count() == 6
    gmail_account.refresh_from_db()
    assert gmail_account.history_id == str(mailbox.history_id)


def test_running_a_sync_twice_changes_nothing(gmail_account, mailbox):
    """The second full sync stores nothing and leaves every row as it was."""
    add_job_mail(mailbox, 12)
    run_sync(gmail_account)
    before = list(Message.objects.order_by("gmail_id").values())
    GmailAccount.objects.filter(pk=gmail_account.pk).update(history_id="")  # force a full sync

    run = run_sync(gmail_account)

    assert run.kind == SyncRun.Kind.FULL
    assert (run.listed, run.fetched, run.new) == (12, 0, 0)
    assert list(Message.objects.order_by("gmail_id").values()) == before


def test_full_sync_quota_units_are_counted(gmail_account, mailbox, settings):
    """getProfile 1 + messages.list 5 per page + messages.get 5 per message."""
    settings.GMAIL_LIST_PAGE_SIZE = 10
    add_job_mail(mailbox, 23)

    run = run_sync(gmail_account)

    assert run.quota_units == 1 + 3 * 5 + 23 * 5

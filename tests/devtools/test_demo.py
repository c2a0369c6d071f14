"""The demo account and its mailbox: deterministic, stable across restarts, consistent in time."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator

import httplib2
import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource
from applications.services import editing
from devtools.demo.account import connect_demo_user
from devtools.demo.mail import mailbox_for
from devtools.demo.plan import demo_search
from devtools.fake_gmail import FakeGmail
from devtools.management.commands.run_fake_gmail import stale_demo_mail, start_fake
from mail_sync import sync
from mail_sync.models import GmailAccount, Message, SyncRun
from orbit.models import User
from tests.factories import UserFactory

DEMO = "demo@orbit.local"
ANCHOR = dt.datetime(2026, 11, 2, 10, 30, tzinfo=dt.UTC)


def contents(fake_or_mailbox) -> list[tuple[str, str, bytes]]:
    mailbox = getattr(fake_or_mailbox, "mailbox", fake_or_mailbox)
    return [(message.id, message.thread_id, message.raw) for message in mailbox.search("")]


def test_the_demo_mailbox_is_the_same_every_time_it_is_built():
    """Same seed and anchor: the same messages under the same Gmail and thread ids."""
    first = mailbox_for(demo_search(anchor=ANCHOR), address=DEMO)
    second = mailbox_for(demo_search(anchor=ANCHOR), address=DEMO)
    assert len(first) > 200
    assert contents(first) == contents(second)
    other_seed = mailbox_for(demo_search(anchor=ANCHOR, seed=7), address=DEMO)
    assert {id_ for id_, _, _ in contents(other_seed)}.isdisjoint(
        id_ for id_, _, _ in contents(first)
    )


@pytest.fixture
def demo(settings) -> User:
    settings.DEMO_EMAIL = DEMO
    settings.GMAIL_BACKOFF_BASE_SECONDS = 0.01
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email=DEMO)


@pytest.fixture
def restart(settings) -> Iterator:
    """Start the demo's fake Gmail as `make run` does, pointing Orbit at it."""
    started: list[FakeGmail] = []

    def start() -> FakeGmail:
        for fake in started:
            fake.stop()
        fake = start_fake(host="127.0.0.1", port=0, mailbox_kind="demo", email=DEMO)
        settings.GMAIL_API_ENDPOINT = fake.base_url
        settings.GOOGLE_TOKEN_URI = fake.token_uri
        settings.GOOGLE_REVOKE_URI = fake.revoke_uri
        settings.FAKE_GMAIL_CONSENT_URL = fake.base_url + "_fake/consent"
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


def sync_demo(user: User) -> SyncRun:
    """What the worker does with the sync `run_fake_gmail` queues at start."""
    assert connect_demo_user(user.email)
    run = SyncRun.objects.filter(account__user=user).order_by("-pk").first()
    sync.sync_account(run=run)
    run.refresh_from_db()
    assert run.state == SyncRun.State.SUCCEEDED, run.error
    return run


@pytest.mark.django_db
def test_restarting_the_demo_stores_nothing_twice(demo, restart):
    """`make run` twice: the fake serves the same mailbox, so the second start's sync (and a
    full one) adds no message and no application, even after the demo's applications changed."""
    first = restart()
    assert sync_demo(demo).new > 200
    editing.create_application(user=demo, company="Initech", role="Backend Engineer")
    before = (
        Message.objects.filter(user=demo).count(),
        Application.objects.filter(user=demo).count(),
        Event.objects.filter(user=demo).count(),
    )
    ids = contents(first)

    second = restart()
    assert contents(second) == ids
    assert sync_demo(demo).new == 0
    second.expire_history()  # the next sync is a full one, over every message again
    run = sync_demo(demo)
    assert (run.kind, run.new) == (SyncRun.Kind.FULL, 0)

    assert (
        Message.objects.filter(user=demo).count(),
        Application.objects.filter(user=demo).count(),
        Event.objects.filter(user=demo).count(),
    ) == before
    repeated = (
        Message.objects.filter(user=demo)
        .values("from_header", "subject", "internal_date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not repeated.exists()
    across_companies = (
        Message.objects.filter(user=demo, application__isnull=False)
        .values("thread_id")
        .annotate(companies=Count("application__company", distinct=True))
        .filter(companies__gt=1)
    )
    assert not across_companies.exists()
    assert_consistent_in_time(demo)
    assert not stale_demo_mail(second, DEMO)


@pytest.mark.django_db
def test_mail_from_an_older_demo_mailbox_is_pointed_out_and_reset_clears_it(demo, restart):
    """A demo seeded by an older builder is named at the fake's start; --reset starts afresh."""
    fake = restart()
    sync_demo(demo)
    assert not stale_demo_mail(fake, DEMO)
    old = Message.objects.filter(user=demo).first()
    Message.objects.filter(pk=old.pk).update(gmail_id="18f0000000000001")  # an old builder's id
    assert stale_demo_mail(fake, DEMO)
    output = io.StringIO()
    call_command("seed_demo", reset=True, stdout=output)
    assert "Deleted the demo account" in output.getvalue()
    user = User.objects.get(email=DEMO)
    assert Application.objects.filter(user=user).count() == 150
    assert not Message.objects.filter(user=user).exists()
    assert not stale_demo_mail(restart(), DEMO)


def assert_consistent_in_time(user: User) -> None:
    """No mail event or status move predates its application's applied date by more than a
    day, and nothing is in the future."""
    now = timezone.now()
    assert not Event.objects.filter(user=user, occurred_at__gt=now).exists()
    assert not Message.objects.filter(user=user, internal_date__gt=now).exists()
    events = Event.objects.filter(user=user, application__applied_date__isnull=False)
    moves_and_mail = events.filter(Q(source=EventSource.EMAIL) | Q(kind=EventKind.STATUS_CHANGE))
    dated = list(moves_and_mail.values_list("application__applied_date", "occurred_at"))
    assert len(dated) > 150
    early = [
        (applied, when)
        for applied, when in dated
        if timezone.localdate(when) < applied - dt.timedelta(days=1)
    ]
    assert early == []


@pytest.mark.django_db
def test_demo_timelines_keep_to_their_applied_dates(demo, restart):
    """The demo's mail tells the seeded story at the moments it happened."""
    restart()
    sync_demo(demo)
    assert Event.objects.filter(user=demo, source=EventSource.EMAIL).count() >= 20
    assert Message.objects.filter(user=demo, application__isnull=False).count() >= 150
    assert_consistent_in_time(demo)


def post(url: str, body: str, content_type: str = "application/json") -> tuple[int, dict, dict]:
    http = httplib2.Http()
    http.follow_redirects = False
    response, content = http.request(url, "POST", body=body, headers={"Content-Type": content_type})
    return response.status, dict(response), json.loads(content or b"{}")


@pytest.mark.django_db(transaction=True)
def test_the_demo_reconnects_after_invalid_grant(settings, restart, client):
    """After the invalid_grant fault the Gmail page offers a reconnect; it renews the grant
    at the fake, brings the browser back and queues a sync that succeeds."""
    settings.DEMO_EMAIL = DEMO
    user = UserFactory(email=DEMO)
    editing.create_application(user=user, company="Initech", role="Engineer")
    fake = restart()
    sync_demo(user)
    assert post(fake.base_url + "_fake/faults", '{"fault": "invalid_grant"}')[0] == 201
    account = GmailAccount.objects.get(user=user)
    run = run_sync(account)
    assert run.state == SyncRun.State.FAILED
    account.refresh_from_db()
    assert account.needs_reconnect

    client.force_login(user)
    page = client.get(reverse("mail_sync:settings")).content.decode()
    assert f'action="{settings.FAKE_GMAIL_CONSENT_URL}"' in page
    assert "Reconnect the demo mailbox" in page

    back = "http://127.0.0.1:8000/mail/settings/"
    status, headers, _ = post(
        settings.FAKE_GMAIL_CONSENT_URL, f"next={back}", "application/x-www-form-urlencoded"
    )
    assert (status, headers["location"]) == (303, back)
    account.refresh_from_db()
    assert not account.needs_reconnect
    queued = SyncRun.objects.filter(account=account).order_by("-pk").first()
    assert queued.state == SyncRun.State.QUEUED
    sync.sync_account(run=queued)
    queued.refresh_from_db()
    assert queued.state == SyncRun.State.SUCCEEDED, queued.error


def run_sync(account: GmailAccount) -> SyncRun:
    run = SyncRun.objects.create(user=account.user, account=account, trigger="test")
    sync.sync_account(run=run)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_seed_demo_mail_connects_the_demo_user_idempotently(settings, restart):
    settings.DEMO_EMAIL = DEMO
    UserFactory(email=DEMO)
    restart()
    out = io.StringIO()
    call_command("seed_demo_mail", stdout=out)
    call_command("seed_demo_mail", stdout=out)
    assert GmailAccount.objects.filter(email=DEMO).count() == 1
    assert "already connected" in out.getvalue()

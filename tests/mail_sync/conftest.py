"""Fixtures for the Gmail sync tests: a real fake-Gmail HTTP server on loopback per test."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.utils import timezone

from devtools.fake_gmail import FakeGmail, Mailbox
from mail_sync import processing, services, sync
from mail_sync.models import GmailAccount, SyncRun
from tests.mail_sync.factories_inbox import ScriptedClassifier

MAILBOX_ADDRESS = "candidate@example.com"
REFRESH_TOKEN = "1//fake-refresh-token"
_sequence = itertools.count(1)


@pytest.fixture
def rules(monkeypatch) -> ScriptedClassifier:
    """The classifier replaced by one that answers what each test scripts."""
    scripted = ScriptedClassifier()
    monkeypatch.setattr(processing.classifier, "classify_many", scripted.classify_many)
    monkeypatch.setattr(processing.classifier, "clears_threshold", scripted.clears_threshold)
    return scripted


@pytest.fixture
def fake_gmail(settings) -> Iterator[FakeGmail]:
    """The fake Gmail API, with the app's endpoints pointed at it and fast backoff."""
    fake = FakeGmail(Mailbox(MAILBOX_ADDRESS)).start()
    settings.GMAIL_API_ENDPOINT = fake.base_url
    settings.GOOGLE_TOKEN_URI = fake.token_uri
    settings.GOOGLE_REVOKE_URI = fake.revoke_uri
    settings.GMAIL_BACKOFF_BASE_SECONDS = 0.01
    settings.GMAIL_MAX_RETRIES = 4
    settings.GMAIL_BATCH_SIZE = 10
    settings.GMAIL_STORE_BATCH_SIZE = 10  # one transaction per fetch batch
    settings.GMAIL_HTTP_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()


@pytest.fixture
def mailbox(fake_gmail) -> Mailbox:
    return fake_gmail.mailbox


@pytest.fixture
def gmail_account(user, fake_gmail) -> GmailAccount:
    return services.connect_account(user=user, email=MAILBOX_ADDRESS, refresh_token=REFRESH_TOKEN)


def job_mail(
    *,
    company: str = "Acme",
    subject: str | None = None,
    body: str | None = None,
    sender: str | None = None,
    days_ago: float = 3,
    html: str | None = None,
    charset: str = "utf-8",
) -> tuple[EmailMessage, dt.datetime]:
    """A realistic ATS confirmation (or whatever subject/body say), built with EmailMessage."""
    when = timezone.now() - dt.timedelta(days=days_ago, seconds=next(_sequence))
    message = EmailMessage()
    message["From"] = sender or f"{company} Recruiting <no-reply@greenhouse.io>"
    message["To"] = MAILBOX_ADDRESS
    message["Subject"] = subject or f"Thank you for applying to {company}"
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<m{next(_sequence)}@example.net>"
    message.set_content(
        body or f"Thank you for applying to {company}. We received your application.",
        charset=charset,
    )
    if html:
        message.add_alternative(html, subtype="html")
    return message, when


def add_job_mail(mailbox: Mailbox, count: int = 1, *, later: bool = False, **kwargs) -> list:
    added = []
    for index in range(count):
        message, when = job_mail(company=kwargs.pop("company", f"Company {index}"), **kwargs)
        if later:
            mailbox.add_later(message, labels=("INBOX",), internal_date=when)
        else:
            added.append(mailbox.add(message, labels=("INBOX",), internal_date=when))
    return added


def run_sync(account: GmailAccount, trigger: str = "test") -> SyncRun:
    run = SyncRun.objects.create(user=account.user, account=account, trigger=trigger)
    sync.sync_account(run=run)
    run.refresh_from_db()
    return run

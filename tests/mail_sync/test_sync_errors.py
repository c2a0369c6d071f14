"""A failed sync reads as a plain sentence on the Gmail page, never as a Python repr."""

from __future__ import annotations

import pytest

from mail_sync import sync_errors
from mail_sync.models import SyncRun
from mail_sync.sync import DISCONNECTED
from tests.mail_sync.conftest import add_job_mail, run_sync

pytestmark = pytest.mark.django_db
SETTINGS_URL = "/mail/settings/"

# What the sync stores (as written by mail_sync.gmail / sync / services), and the start of
# the sentence the user reads for it.
KNOWN = [
    (
        "('invalid_grant: Token has been expired or revoked.', {'error': 'invalid_grant'})",
        "Google no longer accepts Orbit's access",
    ),
    ("Google refused the saved grant: reconnect Gmail.", "Google no longer accepts"),
    ("Gmail needs to be reconnected before syncing.", "Google no longer accepts"),
    (DISCONNECTED, "Gmail was disconnected while this sync was running"),
    ("Abandoned: the worker never finished this run.", "This sync never finished"),
    ("messages.list failed with HTTP 429", "Gmail asked Orbit to slow down"),
    ("3 messages still rate limited after retries", "Gmail asked Orbit to slow down"),
    ("getProfile failed with HTTP 503", "Gmail was not answering properly"),
    ("batch failed with HTTP 500", "Gmail was not answering properly"),
    ("history.list failed with HTTP 403", "Gmail refused the request"),
    ("messages.get failed: TimeoutError('timed out')", "Orbit could not reach Gmail"),
    (
        "batch failed: ConnectionResetError(104, 'Connection reset by peer')",
        "Orbit could not reach Gmail",
    ),
    ("Unexpected error: KeyError('historyId')", "Something went wrong inside Orbit"),
    ("something nobody planned for", "The sync did not finish."),
]


@pytest.mark.parametrize("raw, sentence", KNOWN, ids=[raw[:40] for raw, _ in KNOWN])
def test_each_known_error_becomes_a_sentence(raw, sentence):
    explained = sync_errors.explain(raw)
    assert explained.startswith(sentence)
    assert explained.endswith(".") and "(" not in explained and "Error" not in explained


def test_no_error_no_sentence():
    assert sync_errors.explain("") == ""


def test_a_gmail_outage_reads_as_a_sentence_on_the_page(
    client_for, gmail_account, mailbox, fake_gmail
):
    """Through the real client and the fake Gmail: a 503 outage, then the page."""
    add_job_mail(mailbox, 2)
    fake_gmail.fail_next(503, times=50, path="/profile")
    assert run_sync(gmail_account).state == SyncRun.State.FAILED
    body = client_for(gmail_account.user).get(SETTINGS_URL).content.decode()
    assert "Gmail was not answering properly: the problem is on Google" in body
    assert "HTTP 503" not in body


def test_a_revoked_grant_reads_as_a_sentence_on_the_page(
    client_for, gmail_account, mailbox, fake_gmail
):
    """invalid_grant stored as Google's tuple; the page says to reconnect, in words."""
    add_job_mail(mailbox, 1)
    fake_gmail.revoke("1//fake-refresh-token")
    run_sync(gmail_account)
    gmail_account.refresh_from_db()
    assert gmail_account.last_error.startswith("(")  # the raw repr, kept for the admin
    body = client_for(gmail_account.user).get(SETTINGS_URL).content.decode()
    assert "Gmail needs to be reconnected." in body
    assert "invalid_grant" not in body and "{'error'" not in body

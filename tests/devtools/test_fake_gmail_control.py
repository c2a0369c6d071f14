"""Faults injected over the fake Gmail's own HTTP control endpoint, as with curl."""

from __future__ import annotations

import json

import httplib2
import pytest

from mail_sync.models import GmailAccount, Message, SyncRun
from tests.mail_sync.conftest import add_job_mail, run_sync

pytestmark = pytest.mark.django_db


def control(fake_gmail, method: str = "POST", body: object | None = None) -> tuple[int, dict]:
    payload = body if isinstance(body, str) else json.dumps(body or {})
    response, content = httplib2.Http().request(
        fake_gmail.base_url + "_fake/faults",
        method,
        body=payload if method == "POST" else None,
        headers={"Content-Type": "application/json"},
    )
    return response.status, json.loads(content)


def test_a_status_fault_posted_over_http_fails_the_sync(gmail_account, mailbox, fake_gmail):
    """503 on every profile call outlasts the retries: the run fails and says why."""
    add_job_mail(mailbox, 3)

    status, state = control(
        fake_gmail, body={"fault": "status", "status": 503, "times": 50, "path": "/profile"}
    )

    assert status == 201
    assert state["faults"][0]["status"] == 503
    run = run_sync(gmail_account)
    assert run.state == SyncRun.State.FAILED
    assert "503" in run.error
    assert fake_gmail.stats.http_requests > 0  # the control calls themselves are not counted


def test_batch_fault_over_http_is_retried(gmail_account, mailbox, fake_gmail):
    """429s inside a batch, asked for over HTTP, are retried and nothing is lost."""
    add_job_mail(mailbox, 12)
    control(fake_gmail, body={"fault": "batch", "status": 429, "count": 3})

    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert Message.objects.count() == 12
    assert control(fake_gmail, "GET")[1]["batch"]["next"] == []  # all three fired


def test_invalid_grant_over_http_asks_for_a_reconnect(gmail_account, mailbox, fake_gmail):
    """Revoking every grant seen so far is what a user does in their Google account."""
    add_job_mail(mailbox, 2)
    assert run_sync(gmail_account).state == SyncRun.State.SUCCEEDED  # the grant is now seen
    gmail_account.refresh_from_db()
    gmail_account.access_token_encrypted = ""  # force a refresh on the next sync
    gmail_account.save()

    status, state = control(fake_gmail, body={"fault": "invalid_grant"})

    assert (status, state["revoked"]) == (201, 1)
    run = run_sync(gmail_account)
    gmail_account.refresh_from_db()
    assert run.state == SyncRun.State.FAILED
    assert gmail_account.state == GmailAccount.State.RECONNECT_NEEDED


def test_expired_history_over_http_falls_back_to_a_full_sync(gmail_account, mailbox, fake_gmail):
    """history.list answers 404 once the cursor is expired over HTTP: a full sync follows."""
    add_job_mail(mailbox, 2)
    run_sync(gmail_account)
    add_job_mail(mailbox, 1)

    control(fake_gmail, body={"fault": "expire_history"})
    run = run_sync(gmail_account)

    assert run.state == SyncRun.State.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.FULL
    assert Message.objects.count() == 3


def test_pending_faults_are_listed_and_cleared(fake_gmail):
    control(fake_gmail, body={"fault": "slow", "seconds": 0.5, "times": 2, "path": "/messages"})

    status, state = control(fake_gmail, "GET")
    assert status == 200
    assert state["faults"][0] | {"delay": 0.5, "times": 2} == state["faults"][0]

    status, state = control(fake_gmail, "DELETE")
    assert (status, state["faults"]) == (200, [])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ({"fault": "meteor"}, "'fault' must be one of"),
        ({"fault": "status"}, "'status' must be a whole number"),
        ({"fault": "status", "status": 200}, "'status' must be between 400 and 599"),
        ({"fault": "slow", "seconds": "soon"}, "'seconds' must be a number"),
        ({"fault": "batch", "ids": "abc"}, "'ids' must be a list"),
    ],
)
def test_bad_control_requests_are_explained(fake_gmail, body, message):
    """A malformed request gets a 400 that says what to fix, and injects nothing."""
    status, answer = control(fake_gmail, body=body)

    assert status == 400
    assert message in answer["error"]
    assert control(fake_gmail, "GET")[1]["faults"] == []


def consent(fake_gmail, form: str) -> tuple[int, dict, dict]:
    http = httplib2.Http()
    http.follow_redirects = False
    response, content = http.request(
        fake_gmail.base_url + "_fake/consent",
        "POST",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return response.status, dict(response), json.loads(content)


def test_consent_needs_a_demo_account_and_only_sends_the_browser_back_to_loopback(fake_gmail):
    """A fake without a demo account says so; a consent sends the browser only to loopback."""
    status, _, body = consent(fake_gmail, "")
    assert status == 404 and "no demo account" in body["error"]

    given: list[bool] = []
    fake_gmail.on_consent = lambda: given.append(True) or True
    status, headers, _ = consent(fake_gmail, "next=http://localhost:8000/mail/settings/")
    assert (status, headers["location"]) == (303, "http://localhost:8000/mail/settings/")
    status, headers, body = consent(fake_gmail, "next=https://evil.example/")
    assert (status, body) == (200, {"connected": True}) and "location" not in headers
    assert given == [True, True]

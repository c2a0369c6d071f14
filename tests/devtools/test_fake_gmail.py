"""The fake Gmail speaks the wire format the real client expects (checked with httplib2)."""

from __future__ import annotations

import json
import urllib.parse

import httplib2
import pytest

from mail_sync.gmail import CursorExpired, GmailClient, Grant, GrantRevoked
from tests.mail_sync.conftest import REFRESH_TOKEN, add_job_mail

pytestmark = pytest.mark.django_db


def test_token_endpoint_refreshes_and_reports_invalid_grant(fake_gmail):
    http = httplib2.Http()
    body = urllib.parse.urlencode({"grant_type": "refresh_token", "refresh_token": "r"})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response, content = http.request(fake_gmail.token_uri, "POST", body=body, headers=headers)
    assert response.status == 200
    assert json.loads(content)["access_token"].startswith("fake-access-")
    fake_gmail.revoke("r")
    response, content = http.request(fake_gmail.token_uri, "POST", body=body, headers=headers)
    assert response.status == 400
    assert json.loads(content)["error"] == "invalid_grant"


def test_api_needs_a_valid_access_token(fake_gmail):
    response, _ = httplib2.Http().request(fake_gmail.base_url + "gmail/v1/users/me/profile")
    assert response.status == 401


def test_client_pages_through_list_and_history(fake_gmail, mailbox, settings):
    settings.GMAIL_LIST_PAGE_SIZE = 3
    add_job_mail(mailbox, 7)
    client = GmailClient(Grant(REFRESH_TOKEN))
    start = client.get_profile()["historyId"]
    pages = list(client.list_message_ids("from:greenhouse.io"))
    assert [len(page) for page in pages] == [3, 3, 1]
    add_job_mail(mailbox, 2)
    added, latest = client.list_history(start)
    assert len(added) == 2
    assert latest == str(mailbox.history_id)
    assert client.meter.units == 1 + 3 * 5 + 2


def test_batch_responses_map_back_to_their_requests(fake_gmail, mailbox):
    """Content-ID <response-…> lets the client pair each part with its request."""
    stored = add_job_mail(mailbox, 5)
    ids = [message.id for message in reversed(stored)] + ["ffffffffffffffff"]
    results = GmailClient(Grant(REFRESH_TOKEN)).get_messages(ids)
    assert results["ffffffffffffffff"] is None  # 404: gone
    for message in stored:
        assert results[message.id]["id"] == message.id


def test_expired_history_and_revoked_grant_raise_typed_errors(fake_gmail, mailbox):
    client = GmailClient(Grant(REFRESH_TOKEN))
    start = client.get_profile()["historyId"]
    fake_gmail.expire_history()
    with pytest.raises(CursorExpired):
        client.list_history(start)
    fake_gmail.revoke(REFRESH_TOKEN)
    with pytest.raises(GrantRevoked):
        GmailClient(Grant(REFRESH_TOKEN)).get_profile()

"""/emails, /emails/{id}/link, /emails/sync and /sync-runs/{id}."""

import datetime as dt

import pytest
from django.utils import timezone

from mail_sync.models import GmailAccount, MailKind, Message, SyncRun
from tests.api.conftest import API, assert_error
from tests.api.factories import GmailAccountFactory, MessageFactory
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

URL = f"{API}/emails"


@pytest.fixture
def account(user):
    return GmailAccountFactory(user=user)


def test_list_emails_own_job_mail_newest_first(api_client, user, other_user, account):
    now = timezone.now()
    old = MessageFactory(account=account, internal_date=now - dt.timedelta(days=3))
    new = MessageFactory(account=account, internal_date=now - dt.timedelta(hours=1))
    MessageFactory(account=account, kind=MailKind.OTHER)  # not job mail: hidden by default
    MessageFactory(account=GmailAccountFactory(user=other_user))
    body = api_client.get(URL).json()
    assert [row["id"] for row in body["data"]] == [new.pk, old.pk]
    assert body["meta"] == {"page": 1, "limit": 20, "total": 2}


def test_list_emails_filters(api_client, user, account):
    application = ApplicationFactory(user=user)
    linked = MessageFactory(
        account=account,
        kind=MailKind.REJECTION,
        subject="Update on Globex",
        company="Globex",
        application=application,
        link_source="company",
    )
    MessageFactory(account=account, kind=MailKind.INTERVIEW, subject="Interview at Initech")
    other = MessageFactory(account=account, kind=MailKind.OTHER, subject="Newsletter")
    assert [r["id"] for r in api_client.get(URL, {"kind": "rejection"}).json()["data"]] == [
        linked.pk
    ]
    assert [r["id"] for r in api_client.get(URL, {"kind": "other"}).json()["data"]] == [other.pk]
    assert [r["id"] for r in api_client.get(URL, {"linked": "true"}).json()["data"]] == [linked.pk]
    assert api_client.get(URL, {"linked": "false"}).json()["meta"]["total"] == 1
    found = api_client.get(URL, {"search": "glob"}).json()["data"]
    assert [r["id"] for r in found] == [linked.pk] and found[0]["application_id"] == application.pk


def test_list_emails_validation(api_client):
    assert_error(api_client.get(URL, {"kind": "spam"}), 422, "VALIDATION_ERROR")
    assert_error(api_client.get(URL, {"linked": "maybe"}), 422, "VALIDATION_ERROR")
    assert_error(api_client.get(URL, {"limit": 101}), 422, "VALIDATION_ERROR")


def test_list_emails_paginates_with_constant_queries(
    api_client, user, account, django_assert_num_queries
):
    application = ApplicationFactory(user=user)
    MessageFactory.create_batch(60, account=account, application=application, link_source="thread")
    api_client.get(URL)
    with django_assert_num_queries(3):  # token, count, rows with their applications
        body = api_client.get(URL, {"limit": 50, "page": 2}).json()
    assert body["meta"] == {"page": 2, "limit": 50, "total": 60} and len(body["data"]) == 10
    assert all(row["application_id"] == application.pk for row in body["data"])


def test_get_email_detail(api_client, account):
    message = MessageFactory(account=account, body_text="Full body here")
    data = api_client.get(f"{URL}/{message.pk}").json()["data"]
    assert data["body_text"] == "Full body here" and data["subject"] == message.subject


def test_link_to_trashed_application_reads_as_unlinked(api_client, user, account):
    application = ApplicationFactory(user=user, deleted_at=timezone.now())
    message = MessageFactory(account=account, application=application, link_source="company")
    assert api_client.get(f"{URL}/{message.pk}").json()["data"]["application_id"] is None


@pytest.mark.parametrize("path", ["", "/link"])
def test_another_users_email_is_not_found(api_client, other_user, path):
    message = MessageFactory(account=GmailAccountFactory(user=other_user))
    if path:
        response = api_client.post(
            f"{URL}/{message.pk}{path}", {"application_id": None}, content_type="application/json"
        )
    else:
        response = api_client.get(f"{URL}/{message.pk}")
    assert_error(response, 404, "NOT_FOUND")
    message.refresh_from_db()
    assert message.link_source == ""


def test_link_and_unlink(api_client, user, account):
    """Linking goes through mail_sync's manual link: the link is marked manual."""
    application = ApplicationFactory(user=user)
    message = MessageFactory(account=account)
    url = f"{URL}/{message.pk}/link"
    response = api_client.post(
        url, {"application_id": application.pk}, content_type="application/json"
    )
    assert (
        response.status_code == 200 and response.json()["data"]["application_id"] == application.pk
    )
    message.refresh_from_db()
    assert (
        message.application_id == application.pk
        and message.link_source == Message.LinkSource.MANUAL
    )
    response = api_client.post(url, {"application_id": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["data"]["application_id"] is None
    message.refresh_from_db()
    assert message.application_id is None and message.link_source == Message.LinkSource.MANUAL


@pytest.mark.parametrize("payload", [{}, {"application_id": "x"}])
def test_link_validation(api_client, account, payload):
    message = MessageFactory(account=account)
    response = api_client.post(f"{URL}/{message.pk}/link", payload, content_type="application/json")
    assert_error(response, 422, "VALIDATION_ERROR")


def test_link_to_another_users_application_is_refused(api_client, other_user, account):
    foreign = ApplicationFactory(user=other_user)
    message = MessageFactory(account=account)
    response = api_client.post(
        f"{URL}/{message.pk}/link", {"application_id": foreign.pk}, content_type="application/json"
    )
    assert "application_id" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    message.refresh_from_db()
    assert message.application_id is None


def test_sync_queues_a_run_and_reports_progress(
    api_client, user, account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_client.post(f"{URL}/sync")
    assert response.status_code == 202
    run = SyncRun.objects.get(user=user)
    assert response.json()["data"]["id"] == run.pk and run.state == SyncRun.State.QUEUED
    assert len(callbacks) == 1  # the worker task, queued after commit
    # A second request while one is queued returns the same run.
    assert api_client.post(f"{URL}/sync").json()["data"]["id"] == run.pk
    SyncRun.objects.filter(pk=run.pk).update(
        state=SyncRun.State.RUNNING, listed=40, to_fetch=30, fetched=12
    )
    progress = api_client.get(f"{API}/sync-runs/{run.pk}").json()["data"]
    assert (progress["state"], progress["to_fetch"], progress["fetched"]) == ("running", 30, 12)
    assert progress["is_finished"] is False


def test_sync_without_connected_account_is_refused(api_client, user):
    assert_error(api_client.post(f"{URL}/sync"), 422, "VALIDATION_ERROR")
    GmailAccountFactory(user=user, state=GmailAccount.State.RECONNECT_NEEDED)
    assert_error(api_client.post(f"{URL}/sync"), 422, "VALIDATION_ERROR")
    assert not SyncRun.objects.exists()


def test_another_users_sync_run_is_not_found(api_client, other_user):
    account = GmailAccountFactory(user=other_user)
    run = SyncRun.objects.create(user=other_user, account=account)
    assert_error(api_client.get(f"{API}/sync-runs/{run.pk}"), 404, "NOT_FOUND")

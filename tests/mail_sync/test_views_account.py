"""The Gmail page: full page and HTMX partials, Sync now, progress polling, disconnect."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mail_sync import services
from mail_sync.models import GmailAccount, Message, SyncRun
from tests.factories import UserFactory
from tests.mail_sync.conftest import add_job_mail, run_sync

pytestmark = pytest.mark.django_db
SETTINGS_URL = "/mail/settings/"


@pytest.fixture
def synced_account(gmail_account, mailbox):
    add_job_mail(mailbox, 3)
    run_sync(gmail_account)
    return gmail_account


def test_page_without_account_offers_to_connect(user_client, settings):
    """Not connected: the page explains Gmail and, when Google is unconfigured, says so plainly."""
    settings.GOOGLE_CLIENT_ID = ""
    response = user_client.get(SETTINGS_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert "Connecting Gmail is not available on this Orbit yet" in body
    assert "GOOGLE_CLIENT_ID" not in body and "unset" not in body  # no developer jargon
    assert "Sync history" not in body


def test_page_shows_status_and_run_history_with_constant_queries(
    client_for, gmail_account, django_assert_num_queries
):
    """Full page with 55 runs: status and history; the query count does not grow with rows."""
    client = client_for(gmail_account.user)
    SyncRun.objects.create(user=gmail_account.user, account=gmail_account, state="succeeded")
    client.get(SETTINGS_URL)  # warm the session
    with CaptureQueriesContext(connection) as one_run:
        client.get(SETTINGS_URL)
    SyncRun.objects.bulk_create(
        SyncRun(
            user=gmail_account.user,
            account=gmail_account,
            state="succeeded",
            kind="full",
            listed=i,
            quota_units=5 * i,
        )
        for i in range(54)
    )
    with django_assert_num_queries(len(one_run.captured_queries)):
        response = client.get(SETTINGS_URL)
    body = response.content.decode()
    assert gmail_account.email in body
    assert body.count('<td class="num">') == 50 * 7
    assert "Sync now" in body


def test_htmx_get_returns_the_panel_partial(client_for, synced_account):
    response = client_for(synced_account.user, htmx=True).get(SETTINGS_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Sync history" in body


def test_reconnect_banner_when_grant_was_revoked(client_for, gmail_account):
    services.mark_reconnect_needed(account=gmail_account, error="invalid_grant")
    body = client_for(gmail_account.user).get(SETTINGS_URL).content.decode()
    assert "Gmail needs to be reconnected" in body
    assert "Sync now" not in body


@pytest.mark.parametrize("htmx", [False, True])
def test_sync_now_queues_one_run(
    client_for, gmail_account, htmx, django_capture_on_commit_callbacks
):
    """Sync now queues a run (and its task); a second click returns the same queued run."""
    client = client_for(gmail_account.user, htmx=htmx)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("mail_sync:sync-now"))
        client.post(reverse("mail_sync:sync-now"))
    assert SyncRun.objects.filter(account=gmail_account, state="queued").count() == 1
    assert len(callbacks) == 1
    if htmx:
        assert response.status_code == 200
        assert 'id="run-progress"' in response.content.decode()
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("htmx", [False, True])
def test_sync_now_refused_when_reconnect_needed(client_for, gmail_account, htmx):
    services.mark_reconnect_needed(account=gmail_account, error="invalid_grant")
    response = client_for(gmail_account.user, htmx=htmx).post(reverse("mail_sync:sync-now"))
    assert response.status_code == (422 if htmx else 302)
    assert not SyncRun.objects.exists()


def test_sync_now_without_account_is_404(user_client):
    assert user_client.post(reverse("mail_sync:sync-now")).status_code == 404


def test_sync_now_is_rate_limited_per_user(client_for, gmail_account, settings):
    """Past SYNC_NOW_RATE_LIMIT the user gets the friendly 429 page."""
    settings.SYNC_NOW_RATE_LIMIT = "2/m"
    client = client_for(gmail_account.user)
    statuses = [client.post(reverse("mail_sync:sync-now")).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_run_progress_polls_until_the_run_ends(client_for, gmail_account):
    """Running: 200 with a <progress> bar that keeps polling; finished: 286 stops polling."""
    run = SyncRun.objects.create(
        user=gmail_account.user,
        account=gmail_account,
        state="running",
        kind="full",
        to_fetch=40,
        fetched=10,
    )
    client = client_for(gmail_account.user, htmx=True)
    url = reverse("mail_sync:run-progress", args=[run.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<progress value="10" max="40">' in body
    assert 'hx-trigger="every 2s"' in body
    assert "style=" not in body

    SyncRun.objects.filter(pk=run.pk).update(state="succeeded", fetched=40)
    response = client.get(url)
    assert response.status_code == 286
    assert "hx-trigger" not in response.content.decode()


@pytest.mark.parametrize("outcome", ["succeeded", "failed"])
def test_when_the_run_ends_the_whole_status_area_shows_the_true_state(
    client_for, gmail_account, outcome
):
    """The last poll replaces the panel: Sync now enabled, Last synced and history current,
    no progress bar, a failure as a plain sentence; and polling stops."""
    client = client_for(gmail_account.user, htmx=True)
    client.post(reverse("mail_sync:sync-now"))
    run = SyncRun.objects.get()
    panel = client.get(SETTINGS_URL).content.decode()
    assert '<button type="submit" disabled>Sync now</button>' in panel
    url = reverse("mail_sync:run-progress", args=[run.pk])
    assert client.get(url).status_code == 200  # queued: keep polling

    finished = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(
        state=outcome,
        kind="incremental",
        new=7,
        finished_at=finished,
        error="messages.list failed with HTTP 503" if outcome == "failed" else "",
    )
    if outcome == "succeeded":
        GmailAccount.objects.filter(pk=gmail_account.pk).update(last_synced_at=finished)
    response = client.get(url)

    assert response.status_code == 286  # HttpResponseStopPolling
    assert response["HX-Retarget"] == "#gmail-panel" and response["HX-Reswap"] == "innerHTML"
    body = response.content.decode()
    assert "<html" not in body and 'id="gmail-connection"' in body
    assert '<button type="submit">Sync now</button>' in body  # enabled again
    assert "<progress" not in body and 'id="run-progress"' not in body
    history = body.split('id="gmail-runs"')[1]
    assert f'<span class="pill state-{outcome}"' in history and '<td class="num">7</td>' in history
    last_synced = body.split("Last synced")[1].split("</div>")[0]
    if outcome == "succeeded":
        assert "never" not in last_synced and 'id="sync-error"' not in body
    else:
        assert "never" in last_synced
        assert "Gmail was not answering properly: the problem is on Google" in body
        assert "HTTP 503" not in body  # the raw error stays in the admin


def test_run_progress_full_request_redirects_to_the_page(client_for, gmail_account):
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account)
    response = client_for(gmail_account.user).get(reverse("mail_sync:run-progress", args=[run.pk]))
    assert response.status_code == 302


def test_another_users_run_is_404(client_for, gmail_account):
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account)
    stranger = client_for(UserFactory(), htmx=True)
    assert stranger.get(reverse("mail_sync:run-progress", args=[run.pk])).status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_disconnect_needs_confirmation(client_for, synced_account, htmx):
    """Without the tick the form comes back with an error and nothing is deleted."""
    response = client_for(synced_account.user, htmx=htmx).post(reverse("mail_sync:disconnect"))
    assert response.status_code == 422
    assert "Tick the box" in response.content.decode()
    assert Message.objects.count() == 3
    assert GmailAccount.objects.filter(pk=synced_account.pk).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_disconnect_deletes_tokens_and_mail(
    client_for, synced_account, htmx, fake_gmail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(synced_account.user, htmx=htmx).post(
            reverse("mail_sync:disconnect"), {"confirm": "yes"}
        )
    if htmx:
        assert response.status_code == 200
        assert response["HX-Redirect"].endswith(SETTINGS_URL)
    else:
        assert response.status_code == 302
    assert not GmailAccount.objects.exists()
    assert not Message.objects.exists()
    assert fake_gmail.revoke_requests == ["1//fake-refresh-token"]


def test_disconnect_without_account_is_404(user_client):
    assert user_client.post(reverse("mail_sync:disconnect"), {"confirm": "yes"}).status_code == 404


def test_pages_need_login(client):
    assert client.get(SETTINGS_URL).status_code == 302
    assert client.post(reverse("mail_sync:sync-now")).status_code == 302

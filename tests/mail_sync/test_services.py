"""Connect, disconnect, key rotation, tasks and commands of the Gmail sync."""

from __future__ import annotations

import io

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import RequestFactory
from django_q.models import Schedule

from applications.models import Event, EventKind, EventSource
from mail_sync import crypto, services, tasks
from mail_sync.adapter import OrbitSocialAccountAdapter
from mail_sync.models import EventMessage, GmailAccount, Message, Suggestion, SyncRun, link_events
from tests.factories import ApplicationFactory, UserFactory
from tests.mail_sync.conftest import REFRESH_TOKEN, add_job_mail, run_sync

pytestmark = pytest.mark.django_db


def test_tokens_are_encrypted_at_rest(gmail_account):
    assert REFRESH_TOKEN not in gmail_account.refresh_token_encrypted
    assert crypto.decrypt(gmail_account.refresh_token_encrypted) == REFRESH_TOKEN


def test_disconnect_deletes_mail_and_strips_events(
    gmail_account, mailbox, fake_gmail, django_capture_on_commit_callbacks
):
    """Messages, suggestions and tokens go; events stay without the mail's content."""
    add_job_mail(mailbox, 3)
    run_sync(gmail_account)
    message = Message.objects.first()
    application = ApplicationFactory(user=gmail_account.user)
    event = Event.objects.create(
        user=gmail_account.user,
        application=application,
        kind=EventKind.NOTE,
        source=EventSource.EMAIL,
        note=f"From mail: {message.subject}",
        data={"subject": message.subject, "snippet": "x", "from": "y", "round": 2},
    )
    link_events([(event, message)])
    manual = Event.objects.create(
        user=gmail_account.user,
        application=application,
        kind=EventKind.NOTE,
        source=EventSource.MANUAL,
        note="my own note",
    )
    Suggestion.objects.create(
        user=gmail_account.user, message=message, application=application, to_status="rejected"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.disconnect(account=gmail_account)

    assert not GmailAccount.objects.exists()
    assert not Message.objects.exists()
    assert not Suggestion.objects.exists()
    event.refresh_from_db()
    assert not EventMessage.objects.filter(event=event).exists()
    assert event.note == ""
    assert event.data == {"round": 2}
    manual.refresh_from_db()
    assert manual.note == "my own note"
    assert fake_gmail.revoke_requests == [REFRESH_TOKEN]


def test_disconnect_survives_a_failing_revoke(
    gmail_account, fake_gmail, django_capture_on_commit_callbacks
):
    """Revoking is best effort: a Google error is logged, the local data is still deleted."""
    fake_gmail.fail_next(503, path="/revoke")
    with django_capture_on_commit_callbacks(execute=True):
        services.disconnect(account=gmail_account)
    assert not GmailAccount.objects.exists()


def test_rotate_encryption_keys_reencrypts_under_the_newest_key(gmail_account, settings):
    """After adding a new first key, rotation re-encrypts; old key can then be dropped."""
    old_keys = list(settings.ORBIT_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.ORBIT_ENCRYPTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()

    call_command("rotate_encryption_keys", stdout=out)
    call_command("rotate_encryption_keys", stdout=out)  # idempotent

    assert "1 Gmail account" in out.getvalue()
    settings.ORBIT_ENCRYPTION_KEYS = [new_key]
    gmail_account.refresh_from_db()
    assert crypto.decrypt(gmail_account.refresh_token_encrypted) == REFRESH_TOKEN
    settings.ORBIT_ENCRYPTION_KEYS = old_keys
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(gmail_account.refresh_token_encrypted)


def test_encryption_refuses_to_run_without_keys(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ORBIT_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("secret")


def test_connect_flow_moves_the_allauth_token_into_encrypted_storage(user):
    """After allauth's connect, our adapter encrypts the grant and deletes allauth's copy."""
    social = SocialAccount.objects.create(
        user=user, provider="google", uid="1234", extra_data={"email": "me@gmail.com"}
    )
    SocialToken.objects.create(account=social, token="ya29.access", token_secret="1//refresh")
    request = RequestFactory().get("/accounts/google/login/callback/")
    request.user = user
    request.session = {}
    request._messages = _Messages()

    url = OrbitSocialAccountAdapter(request).get_connect_redirect_url(request, social)

    assert url == "/mail/settings/"
    account = GmailAccount.objects.get(user=user)
    assert account.email == "me@gmail.com"
    assert crypto.decrypt(account.refresh_token_encrypted) == "1//refresh"
    assert not SocialToken.objects.exists()
    assert SyncRun.objects.filter(account=account, trigger="connect").exists()


def test_connect_flow_without_refresh_token_stores_nothing(user):
    social = SocialAccount.objects.create(user=user, provider="google", uid="99")
    SocialToken.objects.create(account=social, token="ya29.access", token_secret="")
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    request._messages = _Messages()

    OrbitSocialAccountAdapter(request).get_connect_redirect_url(request, social)

    assert not GmailAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert "offline access" in request._messages.texts[0]


class _Messages:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, level, message, extra_tags="") -> None:
        self.texts.append(str(message))


def test_queue_sync_returns_the_active_run(gmail_account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.queue_sync(account=gmail_account, trigger="manual")
        second = services.queue_sync(account=gmail_account, trigger="schedule")
    assert first == second
    assert len(callbacks) == 1


def test_task_is_idempotent(gmail_account, mailbox, fake_gmail):
    """Running the same task twice (an at-least-once redelivery) does the work once."""
    add_job_mail(mailbox, 4)
    run = SyncRun.objects.create(user=gmail_account.user, account=gmail_account)

    assert tasks.sync_account(gmail_account.pk, run.pk) == SyncRun.State.SUCCEEDED
    gets = fake_gmail.stats.calls["messages.get"]
    assert tasks.sync_account(gmail_account.pk, run.pk) == SyncRun.State.SUCCEEDED

    assert Message.objects.count() == 4
    assert fake_gmail.stats.calls["messages.get"] == gets  # the second delivery did nothing
    assert SyncRun.objects.count() == 1


def test_task_for_a_deleted_run_does_nothing(gmail_account):
    assert tasks.sync_account(gmail_account.pk, 999_999) == "missing"


def test_schedule_queues_every_syncable_account(fake_gmail, django_capture_on_commit_callbacks):
    """The periodic task queues one run per active account and skips reconnect-needed ones."""
    active = services.connect_account(user=UserFactory(), email="a@x.com", refresh_token="r1")
    broken = services.connect_account(user=UserFactory(), email="b@x.com", refresh_token="r2")
    services.mark_reconnect_needed(account=broken, error="invalid_grant")

    with django_capture_on_commit_callbacks():
        assert tasks.sync_all_accounts() == 1
        assert tasks.sync_all_accounts() == 1  # still queued: no second run

    assert list(SyncRun.objects.values_list("account_id", flat=True)) == [active.pk]


def test_schedule_exists_with_the_configured_interval(settings):
    schedule = Schedule.objects.get(name="mail_sync.sync_all_accounts")
    assert schedule.func == "mail_sync.tasks.sync_all_accounts"
    assert schedule.minutes == settings.GMAIL_SYNC_INTERVAL_MINUTES
    assert settings.Q_CLUSTER["timeout"] < settings.Q_CLUSTER["retry"]


def test_migrate_applies_a_changed_interval_and_restores_a_deleted_schedule(settings):
    """The schedule follows GMAIL_SYNC_INTERVAL_MINUTES at every migrate, and comes back."""
    settings.GMAIL_SYNC_INTERVAL_MINUTES = 7
    call_command("migrate", verbosity=0)
    assert Schedule.objects.get(name="mail_sync.sync_all_accounts").minutes == 7

    Schedule.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert Schedule.objects.filter(name="mail_sync.sync_all_accounts").count() == 1


def test_sync_gmail_command_syncs_in_process(gmail_account, mailbox):
    add_job_mail(mailbox, 2)
    out = io.StringIO()
    call_command("sync_gmail", user=gmail_account.user.email, stdout=out)
    assert "succeeded full" in out.getvalue()
    assert Message.objects.count() == 2

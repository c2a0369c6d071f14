"""Gmail account workflows: connect, queue a sync, disconnect, reconnect-needed, key rotation."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from applications.models import Event, EventSource
from mail_sync import crypto
from mail_sync.gmail import Grant, revoke
from mail_sync.models import GmailAccount, Message, SyncRun

logger = logging.getLogger(__name__)

# Keys copied from a message into an event's data; removed when the mailbox is disconnected.
MESSAGE_CONTENT_KEYS = ("subject", "snippet", "from", "body")
# A queued or running run older than this was lost by the worker (its task timeout is
# minutes); it no longer blocks "Sync now".
STALE_RUN_AFTER = dt.timedelta(hours=1)


def grant_for(account: GmailAccount) -> Grant:
    """The account's OAuth grant, decrypted for one sync."""
    return Grant(
        refresh_token=crypto.decrypt(account.refresh_token_encrypted),
        access_token=crypto.decrypt(account.access_token_encrypted),
        expires_at=account.access_token_expires_at,
    )


def save_access_token(*, account: GmailAccount, grant: Grant) -> None:
    """Keep a refreshed access token (encrypted) so the next sync skips a token call."""
    if not grant.access_token or grant.expires_at == account.access_token_expires_at:
        return
    account.access_token_encrypted = crypto.encrypt(grant.access_token)
    account.access_token_expires_at = grant.expires_at
    GmailAccount.objects.filter(pk=account.pk).update(
        access_token_encrypted=account.access_token_encrypted,
        access_token_expires_at=grant.expires_at,
    )


@transaction.atomic
def connect_account(
    *,
    user,
    email: str,
    refresh_token: str,
    access_token: str = "",
    expires_at: dt.datetime | None = None,
    scopes: str = "",
) -> GmailAccount:
    """Store (or renew) the user's Gmail grant with the tokens encrypted at rest."""
    account = GmailAccount.objects.select_for_update().filter(user=user).first()
    if account is not None and account.email and account.email.lower() != email.lower():
        # A different mailbox: what we stored came from the old one and its cursor is useless.
        disconnect(account=account)
        account = None
    if account is None:
        account = GmailAccount(user=user)
    account.email = email
    account.refresh_token_encrypted = crypto.encrypt(refresh_token)
    account.access_token_encrypted = crypto.encrypt(access_token)
    account.access_token_expires_at = expires_at
    account.scopes = scopes or settings.GMAIL_SCOPE
    account.state = GmailAccount.State.ACTIVE
    account.last_error = ""
    account.connected_at = timezone.now()
    account.save()
    return account


@transaction.atomic
def queue_sync(*, account: GmailAccount, trigger: str) -> SyncRun:
    """Queue a sync unless one is already queued or running, in which case return that one."""
    # The row lock makes two simultaneous "Sync now" clicks queue one run, not two.
    GmailAccount.objects.select_for_update().filter(pk=account.pk).first()
    active = SyncRun.objects.filter(account=account).active().order_by("-created_at").first()
    if active is not None:
        if active.created_at > timezone.now() - STALE_RUN_AFTER:
            return active
        active.state = SyncRun.State.FAILED
        active.error = "Abandoned: the worker never finished this run."
        active.finished_at = timezone.now()
        active.save(update_fields=["state", "error", "finished_at"])
    run = SyncRun.objects.create(user_id=account.user_id, account=account, trigger=trigger)
    transaction.on_commit(
        lambda: async_task(
            "mail_sync.tasks.sync_account", account.pk, run.pk, task_name=f"gmail-sync-{run.pk}"
        )
    )
    return run


def mark_reconnect_needed(*, account: GmailAccount, error: str) -> None:
    """invalid_grant: stop syncing this account until the user connects Gmail again."""
    account.state = GmailAccount.State.RECONNECT_NEEDED
    account.last_error = error[:2000]
    account.access_token_encrypted = ""
    account.access_token_expires_at = None
    GmailAccount.objects.filter(pk=account.pk).update(
        state=account.state,
        last_error=account.last_error,
        access_token_encrypted="",
        access_token_expires_at=None,
    )


def strip_message_content_from_events(*, account: GmailAccount) -> int:
    """Events written from this account's mail stay on the timeline, minus the mail itself."""
    events = list(
        Event.objects.filter(message_link__message__account=account, source=EventSource.EMAIL).only(
            "id", "note", "data"
        )
    )
    for event in events:
        event.note = ""
        if isinstance(event.data, dict):
            event.data = {k: v for k, v in event.data.items() if k not in MESSAGE_CONTENT_KEYS}
    Event.objects.bulk_update(events, ["note", "data"], batch_size=500)
    return len(events)


@transaction.atomic
def disconnect(*, account: GmailAccount) -> None:
    """Revoke at Google (best effort, after commit) and delete the tokens and all stored mail.

    Events already on applications stay; their links to the messages go with the messages
    (EventMessage) and any copied content is stripped first.

    Safe beside a running sync: the row lock waits for the batch it is writing (a sync holds
    the row only while it writes one batch, never while it talks to Google), so the deletes
    below see that batch's mail, and the sync's next batch finds the account gone and stops.
    """
    # Locked and re-read: an account already disconnected (a double click) has nothing left.
    account = GmailAccount.objects.select_for_update().filter(pk=account.pk).first()
    if account is None:
        return
    refresh_token = ""
    try:
        refresh_token = crypto.decrypt(account.refresh_token_encrypted)
    except crypto.InvalidToken:
        logger.warning("gmail account %s: token undecryptable, skipping revoke", account.pk)
    strip_message_content_from_events(account=account)
    Message.objects.filter(account=account).delete()
    _delete_allauth_tokens(account.user_id)
    account.delete()
    if refresh_token:
        transaction.on_commit(lambda: revoke(refresh_token))


def _delete_allauth_tokens(user_id: int) -> int:
    """allauth keeps tokens in plaintext; ours are the encrypted copies."""
    from allauth.socialaccount.models import SocialToken

    deleted, _ = SocialToken.objects.filter(
        account__user_id=user_id, account__provider="google"
    ).delete()
    return deleted


def take_allauth_grant(*, user, socialaccount) -> GmailAccount | None:
    """After allauth's connect flow: move its plaintext Google token into an encrypted
    GmailAccount and delete allauth's copy. None when Google gave no refresh token."""
    from allauth.socialaccount.models import SocialToken

    token = SocialToken.objects.filter(account=socialaccount).order_by("-id").first()
    if token is None or not token.token_secret:
        _delete_allauth_tokens(user.pk)
        return None
    email = (socialaccount.extra_data or {}).get("email") or user.email
    account = connect_account(
        user=user,
        email=email,
        refresh_token=token.token_secret,
        access_token=token.token,
        expires_at=token.expires_at,
        scopes=settings.GMAIL_SCOPE,
    )
    _delete_allauth_tokens(user.pk)
    return account


def rotate_encryption_keys() -> int:
    """Re-encrypt every stored token under the newest key; returns how many accounts."""
    count = 0
    for account in GmailAccount.objects.only(
        "id", "refresh_token_encrypted", "access_token_encrypted"
    ).iterator():
        with transaction.atomic():
            GmailAccount.objects.filter(pk=account.pk).update(
                refresh_token_encrypted=crypto.rotate(account.refresh_token_encrypted),
                access_token_encrypted=crypto.rotate(account.access_token_encrypted),
            )
        count += 1
    return count

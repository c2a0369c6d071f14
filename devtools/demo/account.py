"""The demo account: its job search, its mailbox in the fake Gmail, its Gmail connection.

The search is dated from the moment it was seeded, kept as the demo user's `date_joined`, so
the fake Gmail rebuilds exactly the mailbox that belongs to the seeded applications however
long after, and however often, it restarts.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.models import Application
from devtools.demo.mail import mailbox_for
from devtools.demo.plan import DEMO_SEED, JobSearch, demo_search
from devtools.demo.write import write_search
from devtools.fake_gmail import Mailbox
from mail_sync import services
from mail_sync.models import GmailAccount

DEMO_REFRESH_TOKEN = "1//demo-refresh-token-for-the-fake-gmail"


def demo_user(email: str):
    return get_user_model().objects.filter(email__iexact=email).first()


def seed_demo_account(*, email: str, password: str, seed: int | str = DEMO_SEED):
    """The demo user with its search; returns (user, applications written, events written).
    A user that already has applications keeps them: (user, 0, 0)."""
    user = demo_user(email)
    if user is None:
        user = get_user_model().objects.create_user(email=email, password=password)
    elif not user.check_password(password):
        # The printed demo login must work even if someone changed the password.
        user.set_password(password)
        user.save(update_fields=["password"])
    if Application.objects.filter(user=user).exists():
        return user, 0, 0
    user.date_joined = timezone.now()  # the search's anchor; see demo_anchor
    user.save(update_fields=["date_joined"])
    applications, events = write_search(demo_search(anchor=user.date_joined, seed=seed), user=user)
    return user, applications, events


def demo_anchor(user) -> datetime:
    return user.date_joined if user is not None else timezone.now()


def demo_mailbox(email: str, *, seed: int | str = DEMO_SEED) -> tuple[Mailbox, JobSearch]:
    """The fake Gmail mailbox of the demo user's seeded search."""
    search = demo_search(anchor=demo_anchor(demo_user(email)), seed=seed)
    return mailbox_for(search, address=email), search


def grant_demo_access(user, *, email: str, renew: bool = False) -> tuple[GmailAccount, bool]:
    """The demo user's Gmail grant, made when missing, renewed when revoked (the
    `invalid_grant` fault) or asked to: (account, whether it changed). The cursor stays."""
    account = GmailAccount.objects.filter(user=user).first()
    if account is not None and not account.needs_reconnect and not renew:
        return account, False
    # As at Google, a revoked token stays revoked: consenting again gives a new one.
    token = DEMO_REFRESH_TOKEN if account is None else f"1//demo-{secrets.token_hex(12)}"
    address = account.email if account is not None and account.email else email
    return services.connect_account(user=user, email=address, refresh_token=token), True


def connect_demo_user(email: str, *, renew: bool = False) -> bool:
    """Connect the demo user's Gmail (renewing the grant if revoked, or if `renew`, as a
    consent screen does) and queue a sync for the worker."""
    user = demo_user(email)
    if user is None:
        return False
    account, _ = grant_demo_access(user, email=email, renew=renew)
    services.queue_sync(account=account, trigger="demo")
    return True

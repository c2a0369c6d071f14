"""Serve the fake Gmail API on loopback (for `make run` and manual testing; never production)."""

import signal
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mail_sync.fake_gmail import FakeGmail, Mailbox
from mail_sync.fake_gmail.demo import build_mailbox


def demo_companies(email: str) -> list[tuple[str, str]] | None:
    """The demo user's own companies, so demo mail lands on demo applications."""
    from applications.models import Application

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return None
    rows = (
        Application.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("company", "role")
    )
    return list(rows) or None


def connect_demo_user(email: str) -> bool:
    """Give the demo user a connected Gmail and queue a first sync for the worker.
    Idempotent: an existing grant and its cursor stay."""
    from mail_sync import services
    from mail_sync.management.commands.seed_demo_mail import DEMO_REFRESH_TOKEN
    from mail_sync.models import GmailAccount

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return False
    account = GmailAccount.objects.filter(user=user).first()
    if account is None or account.needs_reconnect:
        account = services.connect_account(user=user, email=email, refresh_token=DEMO_REFRESH_TOKEN)
    services.queue_sync(account=account, trigger="demo")
    return True


def start_fake(*, host: str, port: int, mailbox_kind: str, email: str) -> FakeGmail:
    if mailbox_kind == "demo":
        mailbox = build_mailbox(email, companies=demo_companies(email))
    else:
        mailbox = Mailbox(email)
    # The fake accepts any refresh token it has not revoked, so seeded demo grants work.
    return FakeGmail(mailbox).start(host, port)


class Command(BaseCommand):
    help = "Run the fake Gmail API server (demo mailbox) until interrupted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--mailbox", default="demo", choices=["demo", "empty"])
        parser.add_argument("--email", default=settings.DEMO_EMAIL)
        parser.add_argument(
            "--no-connect",
            action="store_true",
            help="do not connect the demo user even when Orbit points at this fake",
        )

    def handle(self, *args, **options) -> None:
        if options["host"] not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("The fake Gmail only listens on loopback.")
        fake = start_fake(
            host=options["host"],
            port=options["port"],
            mailbox_kind=options["mailbox"],
            email=options["email"],
        )
        self.stdout.write(
            f"Fake Gmail with {len(fake.mailbox)} messages for {options['email']} at "
            f"{fake.base_url}\n  GMAIL_API_ENDPOINT={fake.base_url}\n"
            f"  GOOGLE_TOKEN_URI={fake.token_uri}\n  GOOGLE_REVOKE_URI={fake.revoke_uri}"
        )
        # `make run`: this Orbit talks to us, so the demo user sees sync work at once.
        points_here = fake.base_url == settings.GMAIL_API_ENDPOINT
        if points_here and not options["no_connect"] and connect_demo_user(options["email"]):
            self.stdout.write(f"Connected {options['email']} to the fake Gmail; sync queued.")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()

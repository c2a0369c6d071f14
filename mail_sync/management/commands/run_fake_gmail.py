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


class Command(BaseCommand):
    help = "Run the fake Gmail API server (demo mailbox) until interrupted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--mailbox", default="demo", choices=["demo", "empty"])
        parser.add_argument("--email", default=settings.DEMO_EMAIL)

    def handle(self, *args, **options) -> None:
        if options["host"] not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("The fake Gmail only listens on loopback.")
        if options["mailbox"] == "demo":
            mailbox = build_mailbox(options["email"], companies=demo_companies(options["email"]))
        else:
            mailbox = Mailbox(options["email"])
        # Demo tokens are whatever seed_demo_mail stored; the fake accepts any refresh token.
        fake = FakeGmail(mailbox).start(options["host"], options["port"])
        self.stdout.write(
            f"Fake Gmail with {len(mailbox)} messages for {options['email']} at {fake.base_url}\n"
            f"  GMAIL_API_ENDPOINT={fake.base_url}\n"
            f"  GOOGLE_TOKEN_URI={fake.token_uri}\n"
            f"  GOOGLE_REVOKE_URI={fake.revoke_uri}"
        )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()

"""Serve the fake Gmail API on loopback (for `make run` and manual testing; never production)."""

import signal
import threading
import urllib.parse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.demo.account import connect_demo_user, demo_mailbox
from devtools.demo.plan import DEMO_SEED
from devtools.fake_gmail import FakeGmail, Mailbox
from mail_sync.models import Message


def start_fake(
    *, host: str, port: int, mailbox_kind: str, email: str, seed: int | str = DEMO_SEED
) -> FakeGmail:
    """The fake with the demo user's mailbox (or an empty one). Its consent endpoint
    reconnects the demo user, as Google's consent screen would after a revoked grant."""
    mailbox = demo_mailbox(email, seed=seed)[0] if mailbox_kind == "demo" else Mailbox(email)

    def consent() -> bool:
        try:
            return connect_demo_user(email, renew=True)
        finally:
            connection.close()  # each request runs in its own thread, with its own connection

    # The fake accepts any refresh token it has not revoked, so seeded demo grants work.
    return FakeGmail(mailbox, on_consent=consent).start(host, port)


def stale_demo_mail(fake: FakeGmail, email: str) -> bool:
    """Whether the demo user holds mail this mailbox never had (seeded by an older builder)."""
    served = [message.id for message in fake.mailbox.search("", include_spam_trash=True)]
    stored = Message.objects.filter(user__email__iexact=email)
    return stored.exclude(gmail_id__in=served).exists()


def default_port() -> int:
    """The port of FAKE_GMAIL_URL, where this Orbit expects the fake; 8765 otherwise."""
    return urllib.parse.urlsplit(settings.FAKE_GMAIL_URL).port or 8765


class Command(BaseCommand):
    help = "Run the fake Gmail API server (demo mailbox) until interrupted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: FAKE_GMAIL_URL's")
        parser.add_argument("--mailbox", default="demo", choices=["demo", "empty"])
        parser.add_argument("--email", default=settings.DEMO_EMAIL)
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="as given to seed_demo")
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
            port=options["port"] or default_port(),
            mailbox_kind=options["mailbox"],
            email=options["email"],
            seed=options["seed"],
        )
        self.stdout.write(
            f"Fake Gmail with {len(fake.mailbox)} messages for {options['email']} at "
            f"{fake.base_url}\n  GMAIL_API_ENDPOINT={fake.base_url}\n"
            f"  GOOGLE_TOKEN_URI={fake.token_uri}\n  GOOGLE_REVOKE_URI={fake.revoke_uri}"
        )
        if stale_demo_mail(fake, options["email"]):
            self.stderr.write(
                "The demo's stored mail is not all in this mailbox (an older Orbit seeded it): "
                "`manage.py seed_demo --reset` starts the demo afresh."
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

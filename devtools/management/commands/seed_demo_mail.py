"""Connect the demo user to the fake Gmail (run_fake_gmail) so `make run` shows sync working.

Idempotent: a second run keeps the account, its cursor and its mail; a grant the fake revoked
(the `invalid_grant` fault) is renewed. Pass --sync to sync now (the fake must be running and
GMAIL_API_ENDPOINT/GOOGLE_TOKEN_URI must point at it).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.account import demo_user, grant_demo_access
from mail_sync import sync
from mail_sync.models import SyncRun


class Command(BaseCommand):
    help = "Connect (or reconnect) the demo account to the fake Gmail server (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sync", action="store_true", help="run a sync right away")

    def handle(self, *args, **options) -> None:
        email = settings.DEMO_EMAIL
        user = demo_user(email)
        if user is None:
            raise CommandError(f"No demo user {email}: run seed_demo first.")
        account, changed = grant_demo_access(user, email=email)
        if changed:
            self.stdout.write(f"Connected {email} to the fake Gmail.")
        else:
            self.stdout.write(f"{email} is already connected.")
        if options["sync"]:
            run = SyncRun.objects.create(user=user, account=account, trigger="seed")
            sync.sync_account(run=run)
            run.refresh_from_db()
            self.stdout.write(
                f"Sync {run.state}: {run.new} new messages, {run.linked} linked"
                + (f" ({run.error})" if run.error else "")
            )

"""Connect the demo user to the fake Gmail (run_fake_gmail) so `make run` shows sync working.

Idempotent: a second run keeps the account, its cursor and its mail. Pass --sync to sync now
(the fake must be running and GMAIL_API_ENDPOINT/GOOGLE_TOKEN_URI must point at it).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mail_sync import services, sync
from mail_sync.models import GmailAccount, SyncRun

DEMO_REFRESH_TOKEN = "1//demo-refresh-token-for-the-fake-gmail"


class Command(BaseCommand):
    help = "Connect the demo account to the fake Gmail server (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sync", action="store_true", help="run a sync right away")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(email__iexact=settings.DEMO_EMAIL).first()
        if user is None:
            raise CommandError(f"No demo user {settings.DEMO_EMAIL}: run seed_demo first.")
        account = GmailAccount.objects.filter(user=user).first()
        if account is None or account.needs_reconnect:
            account = services.connect_account(
                user=user, email=settings.DEMO_EMAIL, refresh_token=DEMO_REFRESH_TOKEN
            )
            self.stdout.write(f"Connected {settings.DEMO_EMAIL} to the fake Gmail.")
        else:
            self.stdout.write(f"{settings.DEMO_EMAIL} is already connected.")
        if options["sync"]:
            run = SyncRun.objects.create(user=user, account=account, trigger="seed")
            sync.sync_account(run=run)
            run.refresh_from_db()
            self.stdout.write(
                f"Sync {run.state}: {run.new} new messages, {run.linked} linked"
                + (f" ({run.error})" if run.error else "")
            )

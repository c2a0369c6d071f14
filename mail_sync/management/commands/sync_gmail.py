"""Sync Gmail now, in this process (no worker needed): for support, the demo and debugging."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mail_sync import sync
from mail_sync.models import GmailAccount, SyncRun


class Command(BaseCommand):
    help = "Run a Gmail sync for one user (--user) or every syncable account (--all)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", help="email of the Orbit user to sync")
        parser.add_argument("--all", action="store_true", help="sync every connected account")

    def handle(self, *args, **options) -> None:
        if options["user"]:
            user = get_user_model().objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}")
            accounts = GmailAccount.objects.filter(user=user)
        elif options["all"]:
            accounts = GmailAccount.objects.syncable()
        else:
            raise CommandError("Pass --user EMAIL or --all")
        for account in accounts.select_related("user"):
            run = SyncRun.objects.create(user=account.user, account=account, trigger="command")
            sync.sync_account(run=run)
            run.refresh_from_db()
            self.stdout.write(
                f"{account.email}: {run.state} {run.kind} listed={run.listed} "
                f"fetched={run.fetched} new={run.new} classified={run.classified} "
                f"linked={run.linked} failed={run.failed} quota_units={run.quota_units}"
                + (f" error={run.error}" if run.error else "")
            )

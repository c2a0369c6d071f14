"""Create missing 'created' and status events for imported or legacy applications."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications.services.backfill import backfill_events
from orbit.models import User


class Command(BaseCommand):
    help = "Create missing timeline events (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", metavar="EMAIL", help="only this user's applications")

    def handle(self, *args, **options) -> None:
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user with the email {options['user']}.")
        counts = backfill_events(user=user)
        scope = user.email if user else "all users"
        self.stdout.write(
            f"Backfilled {scope}: {counts['created_events']} created events, "
            f"{counts['status_events']} status events."
        )

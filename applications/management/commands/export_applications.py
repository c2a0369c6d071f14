"""Export one user's applications as CSV, in the format import_applications reads."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications import importer
from applications.models import Application


class Command(BaseCommand):
    help = "Export a user's applications (archived ones included, trash excluded) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="Email of the user to export.")
        parser.add_argument(
            "--output", type=Path, help="File to write; standard output when left out."
        )

    def handle(self, *args, user: str, output: Path | None, **options) -> None:
        owner = get_user_model().objects.filter(email__iexact=user).first()
        if owner is None:
            raise CommandError(f"No user with the email {user}.")
        applications = (
            Application.objects.for_user(owner).with_tags().order_by("applied_date", "id")
        )
        lines = importer.export_lines(applications.iterator(chunk_size=500))
        if output is None:
            for line in lines:
                self.stdout.write(line, ending="")
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = -1  # the header line is not an application
                for line in lines:
                    handle.write(line)
                    count += 1
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from error
        self.stderr.write(f"Exported {count} application(s) to {output}.")

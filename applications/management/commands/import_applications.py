"""Import applications for one user from a CSV file in Orbit's export format."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from applications import importer


class Command(BaseCommand):
    help = (
        "Import applications from a CSV file (the format export_applications writes). "
        "Good rows are imported; bad rows are reported with their reason and the command "
        "still exits 0. An unreadable file or an unknown user exits non-zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Path of the CSV file.")
        parser.add_argument("--user", required=True, help="Email of the user to import for.")
        parser.add_argument(
            "--skip-duplicates",
            action="store_true",
            help="Leave out rows with the company, role and applied date of an application "
            "the user already has (they are imported and reported otherwise).",
        )

    def handle(self, *args, file: Path, user: str, skip_duplicates: bool, **options) -> None:
        owner = get_user_model().objects.filter(email__iexact=user).first()
        if owner is None:
            raise CommandError(f"No user with the email {user}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error
        try:
            # No size or row limit here: the limits protect the web server, not the shell.
            parsed = importer.parse_csv(data, max_bytes=None, max_rows=None)
        except importer.ImportFileError as error:
            raise CommandError(str(error)) from error
        duplicates = importer.mark_duplicates(user=owner, rows=parsed.good)
        rows = parsed.good
        if skip_duplicates:
            rows = [row for row in rows if row.duplicate_of is None]
        report = importer.import_rows(user=owner, rows=rows)
        bad = sorted([*parsed.bad, *report.bad], key=lambda row: row.row_number)
        self.stdout.write(f"Imported {len(report.imported)} application(s) for {owner.email}.")
        if duplicates:
            numbers = ", ".join(str(row.row_number) for row in duplicates)
            if skip_duplicates:
                self.stdout.write(
                    f"Skipped {len(duplicates)} row(s) that match an application you already "
                    f"have: rows {numbers}."
                )
            else:
                self.stdout.write(
                    f"{len(duplicates)} row(s) match an application you already have and were "
                    f"imported again: rows {numbers} (--skip-duplicates leaves them out)."
                )
        if report.created_tags:
            self.stdout.write(f"Created tags: {', '.join(report.created_tags)}.")
        if parsed.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(parsed.ignored_columns)}.")
        if bad:
            self.stdout.write(f"{len(bad)} bad row(s) not imported:")
            for row in bad:
                self.stdout.write(f"  row {row.row_number}: {row.reason}")

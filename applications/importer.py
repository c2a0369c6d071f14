"""CSV export and import of applications, shared by the web screens and management commands.

The export's header is the import's canonical format, so a file round-trips. The import also
tolerates what spreadsheets do to a CSV: a UTF-8 byte-order mark, headers in any case or with
spaces ("Applied Date"), a few common synonyms ("Title", "URL"), semicolon delimiters, and
dates written DD/MM/YYYY as well as ISO YYYY-MM-DD (the only other accepted date format, since
MM/DD and DD/MM cannot be told apart in general; day-first is what most spreadsheets outside
the US write).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Application, EventSource, Source, Tag, WorkMode
from applications.services import editing
from applications.services import tags as tags_services
from applications.status import Status

COLUMNS: tuple[str, ...] = (
    "company",
    "role",
    "status",
    "applied_date",
    "source",
    "work_mode",
    "location",
    "salary_min",
    "salary_max",
    "salary_currency",
    "job_url",
    "tags",
    "notes",
)
REQUIRED_COLUMNS = ("company", "role")
TAG_SEPARATOR = ";"
MAX_BYTES = 2 * 1024 * 1024
# Saving costs a fixed number of queries however many rows there are; what grows with the
# rows is the time to parse and validate each one, and the preview the session keeps until
# the user confirms. A web import is capped so both stay well inside a request timeout and a
# reasonable session size; the import_applications command has no cap.
MAX_ROWS = 10_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
ERROR_COLUMN = "error"

# Header spellings other tools use, after lower-casing and turning spaces/dashes into "_".
HEADER_ALIASES: dict[str, str] = {
    "title": "role",
    "position": "role",
    "job_title": "role",
    "employer": "company",
    "company_name": "company",
    "stage": "status",
    "applied": "applied_date",
    "date_applied": "applied_date",
    "applied_on": "applied_date",
    "date": "applied_date",
    "url": "job_url",
    "link": "job_url",
    "job_link": "job_url",
    "posting_url": "job_url",
    "work_type": "work_mode",
    "remote": "work_mode",
    "currency": "salary_currency",
    "min_salary": "salary_min",
    "max_salary": "salary_max",
    "tag": "tags",
    "labels": "tags",
    "note": "notes",
}

# Spreadsheets run cells starting with these as formulas; the export defuses them with a
# leading apostrophe (the spreadsheet convention) and the import takes it off again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing was imported, the message says why."""


@dataclass
class GoodRow:
    row_number: int
    fields: dict[str, Any]
    status: str
    tag_names: list[str]
    # The user's application this row repeats (same company, role and applied date), if any.
    duplicate_of: int | None = None

    def to_session(self) -> dict[str, Any]:
        """A JSON-safe form, so the preview can keep it in the session until confirmed."""
        data = dict(self.fields)
        if data.get("applied_date"):
            data["applied_date"] = data["applied_date"].isoformat()
        return {
            "row_number": self.row_number,
            "fields": data,
            "status": self.status,
            "tag_names": self.tag_names,
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> GoodRow:
        fields = dict(data["fields"])
        if fields.get("applied_date"):
            fields["applied_date"] = date.fromisoformat(fields["applied_date"])
        return cls(
            data["row_number"],
            fields,
            data["status"],
            list(data["tag_names"]),
            data.get("duplicate_of"),
        )


@dataclass
class BadRow:
    row_number: int
    values: dict[str, str]  # the row as it was in the file, keyed by the file's own headers
    reasons: list[str]
    # What the row names, whatever its headers were called ("Company", "Title"...).
    company: str = ""
    role: str = ""

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


@dataclass
class ParsedFile:
    headers: list[str]
    good: list[GoodRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    imported: list[Application] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    created_tags: list[str] = field(default_factory=list)


# --- export -----------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _defuse(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def application_row(application: Application) -> list[str]:
    values: list[Any] = [
        application.company,
        application.role,
        application.status,
        application.applied_date.isoformat() if application.applied_date else "",
        application.source,
        application.work_mode,
        application.location,
        "" if application.salary_min is None else application.salary_min,
        "" if application.salary_max is None else application.salary_max,
        application.salary_currency,
        application.job_url,
        TAG_SEPARATOR.join(tag.name for tag in application.tags.all()),
        application.notes,
    ]
    return [_defuse(str(value)) for value in values]


def export_lines(applications: Iterable[Application]) -> Iterator[str]:
    """CSV lines (header first) for the given applications; prefetch tags on the queryset."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for application in applications:
        yield writer.writerow(application_row(application))


def bad_rows_lines(headers: list[str], bad_rows: Iterable[BadRow]) -> Iterator[str]:
    """The refused rows as they were in the file plus the reason, ready to fix and re-import."""
    writer = csv.writer(_Echo())
    columns = [*headers, ERROR_COLUMN] if ERROR_COLUMN not in headers else headers
    yield writer.writerow(columns)
    for row in bad_rows:
        values = {**row.values, ERROR_COLUMN: row.reason}
        yield writer.writerow([values.get(column, "") for column in columns])


# --- import: reading the file -----------------------------------------------------------


def normalise_header(header: str) -> str:
    key = "_".join(header.strip().lower().replace("-", " ").split())
    return HEADER_ALIASES.get(key, key)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”."
        ) from error


def _delimiter(first_line: str) -> str:
    # Spreadsheets in many locales write ";"-separated files; pick whichever the header uses.
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def parse_csv(
    data: bytes, *, max_bytes: int | None = MAX_BYTES, max_rows: int | None = MAX_ROWS
) -> ParsedFile:
    """Read and validate every row; raises ImportFileError when the file itself is unusable."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{max_bytes // 1024 // 1024} MB. Split it into smaller files."
        )
    text = _decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    try:
        headers = [header.strip() for header in next(reader)]
    except csv.Error as error:
        raise ImportFileError(f"The file is not a readable CSV: {error}.") from error
    keys = [normalise_header(header) for header in headers]
    missing = [column for column in REQUIRED_COLUMNS if column not in keys]
    if missing:
        raise ImportFileError(
            "The first line must name the columns; missing: "
            + ", ".join(missing)
            + ". Expected columns: "
            + ", ".join(COLUMNS)
            + "."
        )
    parsed = ParsedFile(
        headers=headers,
        ignored_columns=[h for h, k in zip(headers, keys, strict=True) if k not in COLUMNS],
    )
    try:
        for row_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines at the end of a spreadsheet export
            if max_rows is not None and len(parsed.good) + len(parsed.bad) >= max_rows:
                raise ImportFileError(
                    f"The file has more than {max_rows:,} rows. Split it into smaller files."
                )
            original = dict(zip(headers, cells, strict=False))
            values: dict[str, str] = {}
            for key, cell in zip(keys, cells, strict=False):
                if key in COLUMNS and not values.get(key):
                    values[key] = cell
            _validate_row(parsed, row_number, original, values)
    except csv.Error as error:
        raise ImportFileError(f"The file is not a readable CSV: {error}.") from error
    return parsed


# --- import: validating a row -----------------------------------------------------------


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]
    return value


def _parse_date(text: str) -> date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(f"Applied date “{text}” is not a date; use YYYY-MM-DD or DD/MM/YYYY.")


def _parse_int(text: str, label: str) -> int | None:
    if not text:
        return None
    digits = text.replace(",", "").replace("_", "").replace(" ", "")
    if not digits.isdigit():
        raise ValueError(f"{label} “{text}” is not a whole, positive number.")
    return int(digits)


def _choice(text: str, choices: list[tuple[str, str]], label: str) -> str:
    lowered = text.lower()
    for value, display in choices:
        if lowered in (value.lower(), display.lower(), value.replace("_", " ")):
            return value
    allowed = ", ".join(value for value, _ in choices)
    raise ValueError(f"{label} “{text}” is not one of: {allowed}.")


def _validate_row(
    parsed: ParsedFile, row_number: int, original: dict[str, str], values: dict[str, str]
) -> None:
    reasons: list[str] = []
    fields: dict[str, Any] = {}
    for name in ("company", "role", "location", "job_url", "notes"):
        fields[name] = _clean(values.get(name))
    status = Status.APPLIED
    converters = [
        ("status", lambda text: _choice(text, Status.choices, "Status")),
        ("applied_date", _parse_date),
        ("source", lambda text: _choice(text, Source.choices, "Source")),
        ("work_mode", lambda text: _choice(text, WorkMode.choices, "Work mode")),
        ("salary_min", lambda text: _parse_int(text, "Minimum salary")),
        ("salary_max", lambda text: _parse_int(text, "Maximum salary")),
    ]
    for name, convert in converters:
        text = _clean(values.get(name))
        if not text:
            continue
        try:
            converted = convert(text)
        except ValueError as error:
            reasons.append(str(error))
            continue
        if name == "status":
            status = converted
        else:
            fields[name] = converted
    currency = _clean(values.get("salary_currency"))
    if currency:
        fields["salary_currency"] = currency  # which codes exist is the model's rule
    tag_names = list(
        dict.fromkeys(
            " ".join(name.split())
            for name in _clean(values.get("tags")).split(TAG_SEPARATOR)
            if name.strip()
        )
    )
    reasons.extend(
        f"Tag “{name[:60]}…” is longer than 50 characters." for name in tag_names if len(name) > 50
    )
    if not reasons:
        reasons.extend(_model_errors(fields, status))
    if reasons:
        parsed.bad.append(BadRow(row_number, original, reasons, fields["company"], fields["role"]))
    else:
        parsed.good.append(GoodRow(row_number, fields, status, tag_names))


def _sentence_case(label: str) -> str:
    return label[:1].upper() + label[1:]  # "job URL" -> "Job URL", keeping the acronym


def _model_errors(fields: dict[str, Any], status: str) -> list[str]:
    """The same rules the forms and the database enforce, run on an unsaved instance."""
    candidate = Application(status=status, **fields)
    errors: dict[str, list[str]] = {}
    # clean_fields() and clean() are full_clean() without its constraint and uniqueness checks,
    # which would cost four queries per row of the file; the two carry every rule the check
    # constraints do. Run apart, a field refused by its own validators is not refused again
    # by clean() in other words ("cannot be blank" and "is required").
    try:
        candidate.clean_fields(exclude=["user", "search_vector"])
    except ValidationError as error:
        errors = error.message_dict
    try:
        candidate.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    labels = {f.name: _sentence_case(str(f.verbose_name)) for f in Application._meta.fields}
    reasons = []
    for name, messages in errors.items():
        prefix = "" if name == "__all__" else f"{labels.get(name, name)}: "
        reasons.extend(f"{prefix}{message}" for message in messages)
    return reasons


def _identity(company: str, role: str, applied_date: date | None) -> tuple[str, str, date | None]:
    """What makes two applications the same one: case and spacing aside, as people type them."""
    return (" ".join(company.casefold().split()), " ".join(role.casefold().split()), applied_date)


def mark_duplicates(*, user, rows: list[GoodRow]) -> list[GoodRow]:
    """Note on each row the user's application it repeats, if any (one query); returns those.

    A row repeats an application when company, role and applied date agree, ignoring case and
    spacing: applying to one role twice on different days is two applications.
    """
    existing: dict[tuple, int] = {}
    for pk, company, role, applied in (
        Application.objects.for_user(user)
        .order_by("pk")
        .values_list("pk", "company", "role", "applied_date")
    ):
        existing.setdefault(_identity(company, role, applied), pk)
    for row in rows:
        row.duplicate_of = existing.get(
            _identity(row.fields["company"], row.fields["role"], row.fields.get("applied_date"))
        )
    return [row for row in rows if row.duplicate_of is not None]


# --- import: saving ---------------------------------------------------------------------


def _created_at(row: GoodRow) -> datetime | None:
    """Date the 'created' event on the day the user applied, so the timeline reads true."""
    applied = row.fields.get("applied_date")
    if not applied:
        return None
    return min(timezone.make_aware(datetime.combine(applied, time(9))), timezone.now())


@transaction.atomic
def import_rows(*, user, rows: list[GoodRow]) -> ImportReport:
    """Create the validated rows for the user; unknown tags are created on the way.

    The queries do not grow with the rows: one to load the user's tags, a few per tag the
    file is the first to name, then one insert each for the applications, their 'created'
    events and their tag links.
    """
    report = ImportReport()
    drafted: list[tuple[GoodRow, editing.ApplicationDraft]] = []
    for row in rows:
        try:
            draft = editing.draft_application(
                user=user,
                status=row.status,
                event_source=EventSource.IMPORT,
                occurred_at=_created_at(row),
                **row.fields,
            )
        except ValidationError as error:
            # Validated at preview time, but a rule could bite between preview and confirm;
            # the row is reported instead of sinking the whole import.
            values = {key: str(value) for key, value in row.fields.items()}
            report.bad.append(
                BadRow(
                    row.row_number,
                    values,
                    error.messages,
                    row.fields["company"],
                    row.fields["role"],
                )
            )
        else:
            drafted.append((row, draft))
    # Tags only for rows that are imported: a refused row leaves no stray tag behind.
    tags = {tag.name.lower(): tag for tag in Tag.objects.for_user(user)}
    for row, _ in drafted:
        for name in row.tag_names:
            if name.lower() not in tags:
                tag = tags_services.create_tag(user=user, name=name)
                tags[name.lower()] = tag
                report.created_tags.append(tag.name)
    report.imported = editing.create_applications_bulk(
        user=user, drafts=[draft for _, draft in drafted]
    )
    # Every tag in `tags` is the user's (loaded or created for them). A row may name one tag
    # in two cases ("remote;Remote"), so its links go through a dict to stay unique.
    through = Application.tags.through
    through.objects.bulk_create(
        [
            through(application_id=draft.application.pk, tag_id=tag_id)
            for row, draft in drafted
            for tag_id in dict.fromkeys(tags[name.lower()].pk for name in row.tag_names)
        ]
    )
    return report


# --- keeping a preview between upload and confirm -----------------------------------------


def bad_row_to_session(row: BadRow) -> dict[str, Any]:
    return {
        "row_number": row.row_number,
        "values": row.values,
        "reasons": row.reasons,
        "company": row.company,
        "role": row.role,
    }


def parsed_to_session(parsed: ParsedFile, *, filename: str, token: str) -> dict[str, Any]:
    """What the preview shows and the confirm step imports, stored in the user's session.

    The session (database-backed, server-side) keeps the validated rows rather than the raw
    file, so confirm imports exactly what the preview showed and the browser never has to send
    the file back; the token ties a confirm to the preview the user was looking at.
    """
    return {
        "token": token,
        "filename": filename,
        "headers": parsed.headers,
        "ignored_columns": parsed.ignored_columns,
        "good": [row.to_session() for row in parsed.good],
        "bad": [bad_row_to_session(row) for row in parsed.bad],
    }


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"Up to {MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows. Columns: "
            + ", ".join(COLUMNS)
            + ". Dates as YYYY-MM-DD or DD/MM/YYYY; tags separated by “;”."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        # Check the size before reading, so an oversized upload is never loaded into memory.
        if upload.size > MAX_BYTES:
            self.add_error(
                "file",
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files.",
            )
            return cleaned
        try:
            cleaned["parsed"] = parse_csv(upload.read())
        except ImportFileError as error:
            self.add_error("file", str(error))
        return cleaned

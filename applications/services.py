"""Workflows that change applications: every status move goes through change_status."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
    InterviewKind,
    Tag,
)
from applications.status import InvalidTransition, Standing, Status, move, undo_error
from orbit.bulk import reserve_ids
from orbit.cache import bump_user_data_version

EDITABLE_FIELDS = (
    "company",
    "role",
    "job_url",
    "location",
    "work_mode",
    "salary_min",
    "salary_max",
    "salary_currency",
    "source",
    "applied_date",
    "notes",
)


@dataclass
class ApplicationDraft:
    """A validated, unsaved application and its 'created' event: one row of a bulk create."""

    application: Application
    created_event: Event


def draft_application(
    *,
    user,
    status: str = Status.APPLIED,
    event_source: str = EventSource.MANUAL,
    occurred_at: datetime | None = None,
    pk: int | None = None,
    **fields: Any,
) -> ApplicationDraft:
    """Validate and build what create_application saves, without saving it.

    `pk` may be an id from reserve_application_ids, so a caller can refer to the application
    (link messages to it, move its status) before create_applications_bulk inserts it.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status."})
    if status != Status.WISHLIST and not fields.get("applied_date"):
        fields["applied_date"] = timezone.localdate()
    now = occurred_at or timezone.now()
    application = Application(user=user, status=status, last_activity_at=now, **fields)
    # clean() holds every rule the check constraints hold; validating constraints again would
    # cost a query and two savepoints per constraint on every row of a large import.
    application.full_clean(exclude=["user", "search_vector"], validate_constraints=False)
    application.pk = pk  # after full_clean: a set pk would cost a uniqueness query
    event = Event(
        user=user,
        application=application,
        kind=EventKind.CREATED,
        source=event_source,
        to_status=status,
        occurred_at=now,
    )
    return ApplicationDraft(application=application, created_event=event)


@transaction.atomic
def create_application(
    *,
    user,
    status: str = Status.APPLIED,
    event_source: str = EventSource.MANUAL,
    tags: list[Tag] | None = None,
    occurred_at: datetime | None = None,
    **fields: Any,
) -> Application:
    """Create an application and its 'created' event in one transaction.

    `source` (in fields) is where the job was found; `event_source` is who recorded it.
    """
    draft = draft_application(
        user=user,
        status=status,
        event_source=event_source,
        occurred_at=occurred_at,
        **fields,
    )
    application = draft.application
    application.save()
    if tags:
        set_tags(application=application, tags=tags)
    draft.created_event.application = application
    draft.created_event.save()
    bump_user_data_version(user.pk)
    return application


def reserve_application_ids(count: int) -> list[int]:
    """Take `count` ids from the applications' sequence (one query); unused ones leave gaps."""
    return reserve_ids(Application, count)


# Bulk writers run inside their caller's transaction (the mail sync's): savepoint=False, as a
# failure aborts the whole batch anyway and a savepoint per call is a round trip each way.
@transaction.atomic(savepoint=False)
def create_applications_bulk(*, user, drafts: list[ApplicationDraft]) -> list[Application]:
    """Insert drafted applications and their 'created' events: two queries for any number."""
    if not drafts:
        return []
    applications = [draft.application for draft in drafts]
    for application in applications:
        if application.user_id != user.pk:
            raise ValueError("Every draft must belong to the user.")
    Application.objects.bulk_create(applications)
    events = []
    for draft in drafts:
        draft.created_event.application = draft.application  # copies the (new) pk
        events.append(draft.created_event)
    Event.objects.bulk_create(events)
    bump_user_data_version(user.pk)
    return applications


@transaction.atomic
def update_application(
    *, application: Application, tags: list[Tag] | None = None, **fields: Any
) -> Application:
    """Change the fields given; `tags`, when given, replace the application's tags."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean(exclude=["user", "search_vector"])
    application.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        set_tags(application=application, tags=tags)
    bump_user_data_version(application.user_id)
    return application


@transaction.atomic
def set_tags(*, application: Application, tags: list[Tag]) -> None:
    """Replace the application's tags; the figures filtered by tag change with them."""
    if any(tag.user_id != application.user_id for tag in tags):
        raise ValidationError({"tags": "Choose among your own tags."})
    application.tags.set(tags)
    bump_user_data_version(application.user_id)


@dataclass
class StatusMove:
    """One status move for change_statuses_bulk; `event` or `error` says how it went."""

    application: Application
    to: str
    source: str = EventSource.MANUAL
    occurred_at: datetime | None = None
    note: str = ""
    data: dict | None = None
    event: Event | None = None
    error: str = ""


@transaction.atomic
def change_status(
    *,
    application: Application,
    to: str,
    source: str = EventSource.MANUAL,
    occurred_at: datetime | None = None,
    note: str = "",
    data: dict | None = None,
) -> Event:
    """Move an application through the state machine and record the move as an event."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    when = occurred_at or timezone.now()
    before = Standing.of(locked)
    after = move(before, to=to, when=when)
    event = _status_event(
        StatusMove(
            application=locked,
            to=to,
            source=source,
            occurred_at=when,
            note=note,
            data=data,
        ),
        from_status=before.status,
    )
    event.save()
    Application.objects.filter(pk=locked.pk).update(
        status=after.status,
        last_activity_at=after.last_activity_at,
        applied_date=after.applied_date,
        updated_at=timezone.now(),
    )
    after.apply_to(application)
    bump_user_data_version(locked.user_id)
    return event


class UndoRefused(ValidationError):
    """The move cannot be taken back now; the text says why."""


def latest_status_change(application: Application) -> Event | None:
    return (
        Event.objects.filter(application=application, kind=EventKind.STATUS_CHANGE)
        .order_by("-occurred_at", "-id")
        .first()
    )


def undo_refusal(event: Event, *, latest: Event | None, current: str) -> str | None:
    """Why `event` cannot be undone now (`latest` is the application's latest status change,
    `current` its status); None when one click may take it back."""
    if event.kind != EventKind.STATUS_CHANGE:
        return "Only a status change can be undone."
    return undo_error(
        current=current,
        move_from=event.from_status,
        move_to=event.to_status,
        is_latest=latest is not None and latest.pk == event.pk,
        is_undo="undoes" in event.data,
        undone="undone_by" in event.data,
    )


@transaction.atomic
def undo_status_change(*, event: Event, source: str = EventSource.MANUAL) -> Event:
    """Take back a status move: the application returns to where it was, as a new event.

    The original event stays in the timeline, marked `undone_by`; the new one says what it
    undoes. An applied date the move set goes again when the application returns to wishlist.
    """
    locked = Application.objects.select_for_update().get(pk=event.application_id)
    event = Event.objects.select_for_update().get(pk=event.pk)
    error = undo_refusal(event, latest=latest_status_change(locked), current=locked.status)
    if error:
        raise UndoRefused(error)
    now = timezone.now()
    undo = Event.objects.create(
        user_id=locked.user_id,
        application=locked,
        kind=EventKind.STATUS_CHANGE,
        source=source,
        from_status=event.to_status,
        to_status=event.from_status,
        occurred_at=max(now, event.occurred_at),
        note=f"Undid the change to {Status(event.to_status).label}.",
        data={"undoes": event.pk},
    )
    event.data = {**event.data, "undone_by": undo.pk}
    event.save(update_fields=["data"])
    fields: dict[str, Any] = {"status": event.from_status}
    if event.from_status == Status.WISHLIST:
        fields["applied_date"] = None
    Application.objects.filter(pk=locked.pk).update(**fields, updated_at=now)
    bump_user_data_version(locked.user_id)
    return undo


def _touch(application: Application, when: datetime) -> None:
    if when > application.last_activity_at:
        application.last_activity_at = when
        Application.objects.filter(pk=application.pk).update(last_activity_at=when)


@transaction.atomic
def add_note(
    *,
    application: Application,
    text: str,
    source: str = EventSource.MANUAL,
    occurred_at: datetime | None = None,
) -> Event:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": "Write something before saving the note."})
    when = occurred_at or timezone.now()
    event = Event.objects.create(
        user_id=application.user_id,
        application=application,
        kind=EventKind.NOTE,
        source=source,
        note=text,
        occurred_at=when,
    )
    _touch(application, when)
    bump_user_data_version(application.user_id)
    return event


# Interview times outside these years are typing mistakes, and PostgreSQL refuses some of them
# (an offset beyond ±15:59) with an error instead of a message.
INTERVIEW_YEARS = (1970, 2200)


def _interview_time(when: datetime) -> tuple[datetime | None, str | None]:
    """The time in UTC, or why it cannot be an interview's time."""
    message = f"Choose a date between {INTERVIEW_YEARS[0]} and {INTERVIEW_YEARS[1]}."
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    try:
        when = when.astimezone(UTC)
    except (OverflowError, ValueError):
        return None, message
    if not INTERVIEW_YEARS[0] <= when.year <= INTERVIEW_YEARS[1]:
        return None, message
    return when, None


def draft_interview_round(
    *,
    application: Application,
    name: str,
    kind: str,
    scheduled_at: datetime | None = None,
    notes: str = "",
    source: str = EventSource.MANUAL,
    data: dict | None = None,
    occurred_at: datetime | None = None,
) -> Event:
    """Validate and build (unsaved) the event add_interview_round saves."""
    errors: dict[str, str] = {}
    name = (name or "").replace("\x00", "").strip()
    notes = (notes or "").replace("\x00", "")
    if not name:
        errors["interview_name"] = "Give the round a name, e.g. “Technical screen”."
    if kind not in InterviewKind.values:
        errors["interview_kind"] = "Choose phone, video, on-site or technical."
    if scheduled_at is not None:
        scheduled_at, error = _interview_time(scheduled_at)
        if error:
            errors["interview_at"] = error
    if errors:
        raise ValidationError(errors)
    return Event(
        user_id=application.user_id,
        application=application,
        kind=EventKind.INTERVIEW,
        source=source,
        interview_name=name[:200],
        interview_kind=kind,
        interview_at=scheduled_at,
        note=(notes or "").strip(),
        occurred_at=occurred_at or timezone.now(),
        data=data or {},
    )


@transaction.atomic
def add_interview_round(
    *,
    application: Application,
    name: str,
    kind: str,
    scheduled_at: datetime | None = None,
    notes: str = "",
    source: str = EventSource.MANUAL,
    data: dict | None = None,
    occurred_at: datetime | None = None,
) -> Event:
    event = draft_interview_round(
        application=application,
        name=name,
        kind=kind,
        scheduled_at=scheduled_at,
        notes=notes,
        source=source,
        data=data,
        occurred_at=occurred_at,
    )
    event.save()
    _touch(application, event.occurred_at)
    bump_user_data_version(application.user_id)
    return event


def _status_event(entry: StatusMove, *, from_status: str) -> Event:
    """The (unsaved) event that records a status move."""
    return Event(
        user_id=entry.application.user_id,
        application=entry.application,
        kind=EventKind.STATUS_CHANGE,
        source=entry.source,
        from_status=from_status,
        to_status=entry.to,
        occurred_at=entry.occurred_at or timezone.now(),
        note=entry.note,
        data=entry.data or {},
    )


# One UPDATE ... FROM (VALUES ...) for every application a batch moved or touched. Only a
# status move sets updated_at, as change_status does (an interview round's touch does not).
_TIMELINE_UPDATE_SQL = """
UPDATE {table} AS application SET
    status = batch.status, last_activity_at = batch.last_activity_at::timestamptz,
    applied_date = batch.applied_date::date,
    updated_at = CASE WHEN batch.moved THEN %s ELSE application.updated_at END
FROM (VALUES {rows}) AS batch (id, status, last_activity_at, applied_date, moved)
WHERE application.id = batch.id
"""


@transaction.atomic(savepoint=False)
def record_timeline_bulk(*, entries: list[StatusMove | Event]) -> list[StatusMove | Event]:
    """Apply status moves and save other timeline events (interview rounds, notes) in order.

    Does what change_status and add_interview_round/add_note do one by one, with one query
    to lock every application involved, one insert of all events and one update: each move
    is checked by the state machine against the locked row as earlier entries left it, so a
    refused move records no event and sets `error`; events keep the entries' order.
    """
    if not entries:
        return entries
    ids = {entry.application.pk for entry in entries}
    locked = (
        Application.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")  # a fixed lock order, so two writers cannot deadlock
        .values_list("pk", "status", "last_activity_at", "applied_date")
    )
    rows = {pk: Standing(status, last, applied) for pk, status, last, applied in locked}
    moved: set[int] = set()
    changed: set[int] = set()
    now = timezone.now()
    events: list[Event] = []
    for entry in entries:
        pk = entry.application.pk
        row = rows[pk]
        if isinstance(entry, Event):
            if entry.occurred_at > row.last_activity_at:
                rows[pk] = replace(row, last_activity_at=entry.occurred_at)
                changed.add(pk)
            events.append(entry)
            continue
        when = entry.occurred_at or now
        try:
            rows[pk] = move(row, to=entry.to, when=when)
        except InvalidTransition as refused:
            entry.error = " ".join(refused.messages)
            continue
        entry.event = _status_event(replace(entry, occurred_at=when), from_status=row.status)
        events.append(entry.event)
        moved.add(pk)
        changed.add(pk)
    Event.objects.bulk_create(events)
    if changed:
        params: list[Any] = [now]
        for pk in sorted(changed):
            row = rows[pk]
            params.extend((pk, row.status, row.last_activity_at, row.applied_date, pk in moved))
        values = ", ".join(["(%s::bigint, %s, %s, %s, %s::boolean)"] * len(changed))
        sql = _TIMELINE_UPDATE_SQL.format(table=Application._meta.db_table, rows=values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    for entry in entries:
        if entry.application.pk in changed:
            rows[entry.application.pk].apply_to(entry.application)
    for user_id in sorted({entry.application.user_id for entry in entries}):
        bump_user_data_version(user_id)
    return entries


def change_statuses_bulk(*, moves: list[StatusMove]) -> list[StatusMove]:
    """Many change_status calls in a few queries; a refused move sets its `error`."""
    record_timeline_bulk(entries=list(moves))
    return moves


@transaction.atomic
def archive(*, application: Application) -> None:
    if application.archived_at is None:
        application.archived_at = timezone.now()
        application.save(update_fields=["archived_at", "updated_at"])
        bump_user_data_version(application.user_id)


@transaction.atomic
def unarchive(*, application: Application) -> None:
    if application.archived_at is not None:
        application.archived_at = None
        application.save(update_fields=["archived_at", "updated_at"])
        bump_user_data_version(application.user_id)


@transaction.atomic
def soft_delete(*, user, application_ids: list[int]) -> int:
    """Move the user's applications to the trash; returns how many moved."""
    count = (
        Application.objects.for_user(user)
        .filter(pk__in=application_ids)
        .update(deleted_at=timezone.now())
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def restore(*, user, application_ids: list[int]) -> int:
    count = (
        Application.objects.trash_for(user).filter(pk__in=application_ids).update(deleted_at=None)
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def purge(*, user, application_ids: list[int] | None = None) -> int:
    """Delete trashed applications for good (all of the trash when no ids are given)."""
    trashed = Application.objects.trash_for(user)
    if application_ids is not None:
        trashed = trashed.filter(pk__in=application_ids)
    count, _ = trashed.delete()
    if count:
        bump_user_data_version(user.pk)
    return count


@dataclass
class BulkResult:
    changed: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        parts = [f"{len(self.changed)} updated"]
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def bulk_change_status(*, user, application_ids: list[int], to: str) -> BulkResult:
    """Apply one status to many applications; each row moves or is refused on its own."""
    moves = change_statuses_bulk(
        moves=[
            StatusMove(application=application, to=to)
            for application in Application.objects.for_user(user).filter(pk__in=application_ids)
        ]
    )
    result = BulkResult()
    for entry in moves:
        if entry.error:
            result.refused[entry.application.pk] = entry.error
        else:
            result.changed.append(entry.application.pk)
    return result


@transaction.atomic
def bulk_archive(*, user, application_ids: list[int]) -> int:
    count = (
        Application.objects.for_user(user)
        .filter(pk__in=application_ids, archived_at__isnull=True)
        .update(archived_at=timezone.now())
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def bulk_tag(*, user, application_ids: list[int], tag: Tag, add: bool) -> int:
    if tag.user_id != user.pk:
        raise ValidationError("Unknown tag.")
    ids = list(
        Application.objects.for_user(user)
        .filter(pk__in=application_ids)
        .values_list("pk", flat=True)
    )
    through = Application.tags.through
    if add:
        through.objects.bulk_create(
            [through(application_id=pk, tag_id=tag.pk) for pk in ids], ignore_conflicts=True
        )
    else:
        through.objects.filter(application_id__in=ids, tag=tag).delete()
    bump_user_data_version(user.pk)
    return len(ids)


def _validate_tag_name(*, user, name: str, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "A tag needs a name."})
    if len(name) > 50:
        raise ValidationError({"name": "Keep tag names to 50 characters."})
    clash = Tag.objects.for_user(user).filter(name__iexact=name)
    if exclude_id:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise ValidationError({"name": f"You already have a tag called “{name}”."})
    return name


@transaction.atomic
def create_tag(*, user, name: str, color: str = "slate") -> Tag:
    name = _validate_tag_name(user=user, name=name)
    if color not in dict(Tag.COLORS):
        raise ValidationError({"color": "Choose one of the listed colours."})
    tag = Tag.objects.create(user=user, name=name, color=color)
    # Cached pages list the user's tags (the dashboard's tag filter), so a new one invalidates.
    bump_user_data_version(user.pk)
    return tag


@transaction.atomic
def update_tag(*, tag: Tag, name: str | None = None, color: str | None = None) -> Tag:
    if name is not None:
        tag.name = _validate_tag_name(user=tag.user, name=name, exclude_id=tag.pk)
    if color is not None:
        if color not in dict(Tag.COLORS):
            raise ValidationError({"color": "Choose one of the listed colours."})
        tag.color = color
    tag.save()
    bump_user_data_version(tag.user_id)
    return tag


@transaction.atomic
def delete_tag(*, tag: Tag) -> None:
    user_id = tag.user_id
    tag.delete()
    bump_user_data_version(user_id)


def backfill_events(*, user=None) -> dict[str, int]:
    """Create missing 'created' and status events for imported or legacy rows; idempotent."""
    # Imported here so edits to this function stay inside it (the module is shared).
    from datetime import timedelta

    from django.db.models import F, Min, OuterRef, Subquery

    applications = (
        Application.objects.all() if user is None else Application.objects.filter(user=user)
    ).order_by("pk")
    touched_users: set[int] = set()
    created_events = 0
    status_events = 0
    missing_created = applications.exclude(events__kind=EventKind.CREATED).annotate(
        first_event_at=Min("events__occurred_at")
    )
    for application in missing_created.iterator(chunk_size=500):
        # A legacy timeline may already hold events; "created" must come first or the
        # status check below would read the created event as the latest status.
        when = _start_time(application)
        if application.first_event_at is not None:
            # Strictly before, so a tie cannot make "created" look like the latest event.
            when = min(when, application.first_event_at - timedelta(seconds=1))
        started_as_wishlist = application.status == Status.WISHLIST or (
            application.applied_date is None and application.status == Status.WITHDRAWN
        )
        Event.objects.create(
            user_id=application.user_id,
            application=application,
            kind=EventKind.CREATED,
            source=EventSource.SYSTEM,
            to_status=Status.WISHLIST if started_as_wishlist else Status.APPLIED,
            occurred_at=when,
            data={"backfilled": True},
        )
        created_events += 1
        touched_users.add(application.user_id)
    # Applications whose current status is not explained by their timeline get one event.
    # One query finds them all instead of one query per application.
    latest_target = (
        Event.objects.filter(application=OuterRef("pk"))
        .exclude(to_status="")
        .order_by("-occurred_at", "-id")
        .values("to_status")[:1]
    )
    unexplained = applications.annotate(
        last_to_status=Subquery(latest_target), last_event_at=Max("events__occurred_at")
    ).exclude(last_to_status=F("status"))
    for application in unexplained.iterator(chunk_size=500):
        Event.objects.create(
            user_id=application.user_id,
            application=application,
            kind=EventKind.STATUS_CHANGE,
            source=EventSource.SYSTEM,
            from_status=application.last_to_status or "",
            to_status=application.status,
            occurred_at=max(
                application.last_activity_at,
                application.last_event_at or application.last_activity_at,
            ),
            data={"backfilled": True},
        )
        status_events += 1
        touched_users.add(application.user_id)
    for user_id in touched_users:
        bump_user_data_version(user_id)
    return {"created_events": created_events, "status_events": status_events}


def _start_time(application: Application) -> datetime:
    if application.applied_date:
        return timezone.make_aware(
            datetime.combine(application.applied_date, datetime.min.time().replace(hour=9))
        )
    return application.created_at

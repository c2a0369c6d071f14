"""Status moves through the state machine, one by one or in bulk, and taking one back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
)
from applications.status import InvalidTransition, Standing, Status, move, undo_error
from orbit.cache import bump_user_data_version


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

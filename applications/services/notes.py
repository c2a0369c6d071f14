"""Timeline entries that are not status moves: notes and interview rounds."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
    InterviewKind,
)
from orbit.cache import bump_user_data_version


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

"""Helpers that build application histories through the real services, at chosen moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from applications.models import Application, EventSource
from applications.services import editing, moves, notes
from applications.status import Status


def days_ago(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


def applied(user, when: datetime, *, source: str = EventSource.MANUAL, **fields) -> Application:
    """An application sent at ``when``; applied_date is its UTC date, as services store it."""
    fields.setdefault("company", "Acme")
    fields.setdefault("role", "Engineer")
    fields.setdefault("applied_date", when.astimezone(UTC).date())
    return editing.create_application(
        user=user, status=Status.APPLIED, event_source=source, occurred_at=when, **fields
    )


def move(application: Application, *steps: tuple[str, datetime]) -> Application:
    for status, when in steps:
        moves.change_status(application=application, to=status, occurred_at=when)
    return application


def interview(application: Application, when: datetime, name: str = "Round") -> None:
    notes.add_interview_round(application=application, name=name, kind="video", occurred_at=when)

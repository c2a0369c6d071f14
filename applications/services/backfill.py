"""Repair timelines: the events imported or legacy rows are missing."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Max, Min, OuterRef, Subquery
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
)
from applications.status import Status
from orbit.cache import bump_user_data_version


def backfill_events(*, user=None) -> dict[str, int]:
    """Create missing 'created' and status events for imported or legacy rows; idempotent."""
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

"""Bulk services: the same rows as create_application / change_status, in a few queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource
from applications.services import editing, notes
from applications.services import moves as moves_services
from applications.status import Status
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_create_applications_bulk_under_reserved_ids(user, django_assert_num_queries):
    """Drafts keep their reserved ids and get their 'created' events, in two inserts."""
    when = timezone.now() - dt.timedelta(days=2)
    ids = editing.reserve_application_ids(3)
    drafts = [
        editing.draft_application(
            user=user, pk=pk, company=f"Co {pk}", role="SRE", occurred_at=when
        )
        for pk in ids
    ]
    with django_assert_num_queries(2):
        editing.create_applications_bulk(user=user, drafts=drafts)

    assert sorted(Application.objects.filter(user=user).values_list("pk", flat=True)) == ids
    events = Event.objects.filter(user=user, kind=EventKind.CREATED)
    assert sorted(events.values_list("application_id", "to_status", "occurred_at")) == [
        (pk, Status.APPLIED, when) for pk in ids
    ]
    assert all(app.last_activity_at == when for app in Application.objects.filter(user=user))


def test_draft_application_validates_like_create_application(user):
    """A draft with a missing role is refused as create_application refuses it."""
    with pytest.raises(ValidationError):
        editing.draft_application(user=user, company="Acme", role="")


def test_change_statuses_bulk_matches_change_status(user, django_assert_num_queries):
    """Moves, in order, give the events and rows change_status would give, one query each."""
    when = timezone.now() - dt.timedelta(hours=5)
    one, other, alone = (
        ApplicationFactory(
            user=user,
            status=Status.WISHLIST,
            applied_date=None,
            last_activity_at=when - dt.timedelta(days=1),
        )
        for _ in range(3)
    )
    later = when + dt.timedelta(hours=1)
    moves_services.change_status(application=alone, to=Status.APPLIED, occurred_at=when)
    moves_services.change_status(application=alone, to=Status.SCREENING, occurred_at=later)
    moves = [
        moves_services.StatusMove(application=one, to=Status.APPLIED, occurred_at=when),
        moves_services.StatusMove(application=one, to=Status.SCREENING, occurred_at=later),
        moves_services.StatusMove(application=other, to=Status.OFFER, occurred_at=when),
    ]
    with django_assert_num_queries(3):  # lock, insert events, update rows
        moves_services.change_statuses_bulk(moves=moves)

    one.refresh_from_db()
    alone.refresh_from_db()
    assert (one.status, one.applied_date, one.last_activity_at) == (
        alone.status,
        alone.applied_date,
        alone.last_activity_at,
    )

    def timeline(application: Application) -> list[tuple]:
        return list(
            application.events.order_by("id").values_list(
                "kind", "from_status", "to_status", "occurred_at", "source"
            )
        )

    assert timeline(one) == timeline(alone)
    assert moves[2].event is None and "cannot move to offer" in moves[2].error
    other.refresh_from_db()
    assert other.status == Status.WISHLIST and not other.events.exists()


def test_record_timeline_bulk_touches_activity_without_updated_at(user):
    """An interview round bumps last activity only, as add_interview_round does."""
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    updated_at = application.updated_at
    when = timezone.now() + dt.timedelta(minutes=1)
    event = notes.draft_interview_round(
        application=application,
        name="Onsite",
        kind="onsite",
        source=EventSource.EMAIL,
        occurred_at=when,
    )
    moves_services.record_timeline_bulk(entries=[event])

    application.refresh_from_db()
    assert application.last_activity_at == when
    assert application.updated_at == updated_at
    assert application.events.get().interview_name == "Onsite"


def test_refused_move_is_checked_against_the_locked_row(user):
    """The state machine judges a move by the row as stored, not a stale instance."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    stale = Application.objects.get(pk=application.pk)
    moves_services.change_status(application=application, to=Status.REJECTED)

    (move,) = moves_services.change_statuses_bulk(
        moves=[moves_services.StatusMove(application=stale, to=Status.SCREENING)]
    )

    assert move.error and move.event is None
    assert Application.objects.get(pk=application.pk).status == Status.REJECTED

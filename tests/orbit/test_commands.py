"""backfill_events."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.models import Event, EventKind
from applications.status import Status
from tests.factories import ApplicationFactory, EventFactory

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_backfill_events_fills_gaps_and_is_safe_twice(user, other_user):
    """Legacy rows get created + status events once; a second run does nothing."""
    bare = ApplicationFactory(user=user, status=Status.REJECTED)
    wishlist = ApplicationFactory(user=user, status=Status.WISHLIST, applied_date=None)
    explained = ApplicationFactory(user=user, status=Status.APPLIED)
    EventFactory(application=explained, kind=EventKind.CREATED, to_status=Status.APPLIED, note="")
    foreign = ApplicationFactory(user=other_user, status=Status.SCREENING)

    output = run("backfill_events", user=user.email)
    assert "2 created events, 1 status events" in output
    created = bare.events.get(kind=EventKind.CREATED)
    move = bare.events.get(kind=EventKind.STATUS_CHANGE)
    assert (created.to_status, move.from_status, move.to_status) == (
        "applied",
        "applied",
        "rejected",
    )
    assert move.occurred_at >= created.occurred_at
    assert wishlist.events.get().to_status == Status.WISHLIST
    assert explained.events.count() == 1
    assert not foreign.events.exists()

    assert "0 created events, 0 status events" in run("backfill_events", user=user.email)
    assert Event.objects.filter(user=user).count() == 4
    assert "1 created events, 1 status events" in run("backfill_events")


def test_backfill_puts_created_before_existing_legacy_events(user):
    """A row with older status events gets its created event first, not a spurious move."""
    application = ApplicationFactory(
        user=user, status=Status.SCREENING, applied_date=timezone.localdate()
    )
    EventFactory(
        application=application,
        kind=EventKind.STATUS_CHANGE,
        from_status=Status.APPLIED,
        to_status=Status.SCREENING,
        occurred_at=timezone.now() - timedelta(days=5),
    )
    run("backfill_events")
    assert application.events.count() == 2
    created = application.events.get(kind=EventKind.CREATED)
    assert created.occurred_at <= timezone.now() - timedelta(days=5)


def test_backfill_unknown_user_is_an_error():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("backfill_events", user="nobody@example.com")

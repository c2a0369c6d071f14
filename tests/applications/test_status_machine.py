"""Every transition of the state machine, allowed and refused, through change_status.

The expected moves are written out here, from the product's rules, rather than read from
`applications.status.TRANSITIONS`: a test derived from the table it checks could not fail.
"""

import itertools

import pytest

from applications.models import EventKind, EventSource
from applications.services import moves
from applications.status import InvalidTransition, Status, allowed_targets, transition_error
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# wishlist → applied → screening → interviewing → offer → accepted; stages may be skipped
# forwards, never backwards. Rejected and withdrawn from any active stage (withdrawn from the
# wishlist too), ghosted from the stages that wait on the company. A ghosted application comes
# back when the company answers. Accepted, rejected and withdrawn are final.
EXPECTED_MOVES: dict[str, set[str]] = {
    "wishlist": {"applied", "withdrawn"},
    "applied": {"screening", "interviewing", "offer", "rejected", "withdrawn", "ghosted"},
    "screening": {"interviewing", "offer", "rejected", "withdrawn", "ghosted"},
    "interviewing": {"offer", "rejected", "withdrawn", "ghosted"},
    "offer": {"accepted", "rejected", "withdrawn", "ghosted"},
    "ghosted": {"screening", "interviewing", "offer", "rejected", "withdrawn"},
    "accepted": set(),
    "rejected": set(),
    "withdrawn": set(),
}
ALL_PAIRS = list(itertools.product(Status.values, Status.values))
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in EXPECTED_MOVES[a]]
REFUSED = [(a, b) for a, b in ALL_PAIRS if b not in EXPECTED_MOVES[a]]


def test_the_expected_moves_cover_every_status():
    """A new status fails here until someone decides its moves."""
    assert set(EXPECTED_MOVES) == set(Status.values)


@pytest.mark.parametrize("source", Status.values)
def test_the_offered_targets_are_the_expected_moves(source):
    """The move menus (detail page, board) offer exactly the expected moves, in status order."""
    assert allowed_targets(source) == [s for s in Status.values if s in EXPECTED_MOVES[source]]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_transition_moves_and_records_event(user, source, target):
    """An allowed move changes the status and writes a from→to event."""
    application = ApplicationFactory(user=user, status=source)
    event = moves.change_status(application=application, to=target)
    application.refresh_from_db()
    assert application.status == target
    assert (event.kind, event.from_status, event.to_status, event.source) == (
        EventKind.STATUS_CHANGE,
        source,
        target,
        EventSource.MANUAL,
    )


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_refused_transition_changes_nothing(user, source, target):
    """A refused move raises with a readable reason and writes no event."""
    application = ApplicationFactory(user=user, status=source)
    with pytest.raises(InvalidTransition) as refusal:
        moves.change_status(application=application, to=target)
    message = " ".join(refusal.value.messages)
    assert message == transition_error(source, target)
    assert Status(target).label.lower() in message.lower()
    application.refresh_from_db()
    assert application.status == source
    assert not application.events.exists()


@pytest.mark.parametrize("status", ["accepted", "rejected", "withdrawn"])
def test_final_statuses_explain_themselves(status):
    """Final statuses say they are final."""
    assert transition_error(status, "offer").startswith(f"{Status(status).label} is final")


def test_unknown_status_is_refused(user):
    """A made-up status is not a status."""
    application = ApplicationFactory(user=user)
    with pytest.raises(InvalidTransition, match="is not a status"):
        moves.change_status(application=application, to="hired")


def test_ghosted_can_come_back(user):
    """A ghosted application revives when the company answers."""
    application = ApplicationFactory(user=user, status=Status.GHOSTED)
    moves.change_status(application=application, to=Status.INTERVIEWING)
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING


def test_move_dates_the_first_move_to_applied_and_keeps_the_latest_activity():
    """The pure move: applied dates an undated application once; older mail keeps activity."""
    from datetime import date, datetime

    from django.utils import timezone

    from applications.status import Standing, move

    later = timezone.make_aware(datetime(2026, 3, 10, 12))
    earlier = timezone.make_aware(datetime(2026, 3, 1, 12))
    undated = Standing(Status.WISHLIST, later, None)
    applied = move(undated, to=Status.APPLIED, when=earlier)
    assert applied == Standing(Status.APPLIED, later, date(2026, 3, 1))
    dated = Standing(Status.WISHLIST, earlier, date(2026, 2, 1))
    assert move(dated, to=Status.APPLIED, when=later).applied_date == date(2026, 2, 1)
    screening = move(applied, to=Status.SCREENING, when=later + timezone.timedelta(days=1))
    assert screening.last_activity_at == later + timezone.timedelta(days=1)
    with pytest.raises(InvalidTransition, match="Rejected is final"):
        move(Standing(Status.REJECTED, later, None), to=Status.OFFER, when=later)

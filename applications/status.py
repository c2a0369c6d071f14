"""The application status lifecycle: one state machine used by every path that moves one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    WISHLIST = "wishlist", "Wishlist"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"


# Stages an application moves through while it is still in play, in order.
PIPELINE: tuple[Status, ...] = (
    Status.WISHLIST,
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
)
ACTIVE_STATUSES: frozenset[str] = frozenset(PIPELINE)
OUTCOMES: tuple[Status, ...] = (
    Status.ACCEPTED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.GHOSTED,
)

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.WISHLIST: frozenset({Status.APPLIED, Status.WITHDRAWN}),
    Status.APPLIED: frozenset(
        {
            Status.SCREENING,
            Status.INTERVIEWING,
            Status.OFFER,
            Status.REJECTED,
            Status.WITHDRAWN,
            Status.GHOSTED,
        }
    ),
    Status.SCREENING: frozenset(
        {Status.INTERVIEWING, Status.OFFER, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED}
    ),
    Status.INTERVIEWING: frozenset(
        {Status.OFFER, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED}
    ),
    Status.OFFER: frozenset({Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED}),
    # A ghosted application can come back to life when the company finally answers.
    Status.GHOSTED: frozenset(
        {Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.ACCEPTED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# Rank for "does this move forward?": outcomes after every pipeline stage.
RANK: dict[str, int] = {status: index for index, status in enumerate(PIPELINE)} | {
    Status.GHOSTED: len(PIPELINE),
    Status.REJECTED: len(PIPELINE) + 1,
    Status.WITHDRAWN: len(PIPELINE) + 1,
    Status.ACCEPTED: len(PIPELINE) + 2,
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def allowed_targets(from_status: str) -> list[Status]:
    return [status for status in Status if status in TRANSITIONS.get(from_status, frozenset())]


def transition_error(from_status: str, to_status: str) -> str | None:
    """The reason a move is refused, in words a user understands; None when it is allowed."""
    if to_status not in Status.values:
        return f"“{to_status}” is not a status."
    if from_status == to_status:
        return f"The application is already {Status(to_status).label.lower()}."
    if can_transition(from_status, to_status):
        return None
    from_label = Status(from_status).label
    to_label = Status(to_status).label.lower()
    targets = allowed_targets(from_status)
    if not targets:
        return f"{from_label} is final: the application cannot move to {to_label}."
    choices = ", ".join(status.label.lower() for status in targets)
    return (
        f"An application in {from_label.lower()} cannot move to {to_label}; "
        f"it can move to {choices}."
    )


class InvalidTransition(ValidationError):
    """A status move the state machine refuses; the message says why."""


@dataclass(frozen=True)
class Standing:
    """Where an application stands: what a status move reads and changes on it."""

    status: str
    last_activity_at: datetime
    applied_date: date | None

    @classmethod
    def of(cls, application) -> Standing:
        return cls(application.status, application.last_activity_at, application.applied_date)

    def apply_to(self, application) -> None:
        application.status = self.status
        application.last_activity_at = self.last_activity_at
        application.applied_date = self.applied_date


def move(standing: Standing, *, to: str, when: datetime) -> Standing:
    """Where a move to `to` at `when` leaves an application; InvalidTransition if refused.

    The one place a move's side effects are decided, for change_status, the bulk writer and
    the mail pipeline alike: the first move to applied dates the application (unless it
    already has a date), and the latest activity wins, as mail may arrive out of order.
    """
    error = transition_error(standing.status, to)
    if error:
        raise InvalidTransition(error)
    applied_date = standing.applied_date
    if to == Status.APPLIED and applied_date is None:
        applied_date = timezone.localdate(when)
    return Standing(
        status=to,
        last_activity_at=max(standing.last_activity_at, when),
        applied_date=applied_date,
    )


def is_forward(from_status: str, to_status: str) -> bool:
    return RANK[to_status] > RANK[from_status]


def undo_error(
    *, current: str, move_from: str, move_to: str, is_latest: bool, is_undo: bool, undone: bool
) -> str | None:
    """Why a status move cannot be taken back; None when it can.

    Taking back a move is a correction, not a transition, so it may leave a final status
    ("Rejected is final" must not trap a wrong automatic rejection). It is allowed only for
    the application's latest move, while the application still stands where that move left
    it, once: an undo is itself not undone (change the status instead).
    """
    if undone:
        return "This change was already undone."
    if is_undo:
        return "An undo cannot be undone; change the status instead."
    if not is_latest or current != move_to:
        return (
            "Only the latest status change can be undone, and this one is not the latest any "
            "more; change the status instead."
        )
    if move_from not in Status.values:
        return "There is no earlier status to go back to."
    return None

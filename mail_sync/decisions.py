"""What the user decides about a message: link, unlink, correct it, accept or dismiss a
suggestion, undo an automatic change.

Automatic processing (`processing`) proposes; these are the user's answers, from the message
page, the Review queue and the API. A manual link or unlink is never overridden by a later
sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource
from applications.services import moves
from mail_sync import learning
from mail_sync.linking import LinkResult
from mail_sync.models import (
    Correction,
    EventMessage,
    MailKind,
    Message,
    Suggestion,
    link_events,
)
from mail_sync.processing import (
    OneByOneWriter,
    ProcessStats,
    earlier_decisions,
    process_messages,
    suggest,
)

LinkSource = Message.LinkSource


@transaction.atomic
def link_manually(*, message: Message, application: Application) -> list[Suggestion]:
    """The user links (or re-links) a message; its status proposal waits in Review."""
    if application.user_id != message.user_id or application.deleted_at is not None:
        raise ValidationError("Choose one of your applications.")
    if message.application_id and message.application_id != application.pk:
        _drop_pending(message)
    message.application = application
    message.link_source = LinkSource.MANUAL
    message.save(update_fields=["application", "link_source", "updated_at"])
    decided, rounds = earlier_decisions([message])
    link = LinkResult(application, LinkSource.MANUAL)
    suggestions = suggest(
        message,
        link,
        decided=decided,
        rounds=rounds,
        stats=ProcessStats(),
        writer=OneByOneWriter(message.user),
    )
    Suggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
    return suggestions


@transaction.atomic
def unlink(*, message: Message) -> None:
    """The user says this message belongs to no application; processing will not relink it."""
    _drop_pending(message)
    message.application = None
    message.link_source = LinkSource.MANUAL
    message.save(update_fields=["application", "link_source", "updated_at"])


def _drop_pending(message: Message) -> None:
    # Proposals about the wrong application go; applied ones stay as the timeline's history.
    Suggestion.objects.filter(message=message, state=Suggestion.State.PENDING).delete()


class SuggestionRefused(ValidationError):
    """Accepting failed: the state machine refuses the move now; the text says why."""


@transaction.atomic
def accept_suggestion(*, suggestion: Suggestion) -> None:
    application = Application.objects.filter(pk=suggestion.application_id).first()
    if application is None or application.deleted_at is not None:
        raise SuggestionRefused("The application is in the trash; restore it first.")
    try:
        event = moves.change_status(
            application=application,
            to=suggestion.to_status,
            source=EventSource.EMAIL,
            occurred_at=suggestion.message.internal_date or timezone.now(),
        )
    except ValidationError as error:
        raise SuggestionRefused(" ".join(error.messages)) from error
    link_events([(event, suggestion.message)])
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_at"])
    # Its twins (other messages proposing the same move for the same application) are moot.
    Suggestion.objects.pending().filter(
        application_id=suggestion.application_id, to_status=suggestion.to_status
    ).update(state=Suggestion.State.DISMISSED, decided_at=suggestion.decided_at)


def dismiss_suggestion(*, suggestion: Suggestion) -> None:
    suggestion.state = Suggestion.State.DISMISSED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_at"])


@dataclass
class BulkDecision:
    done: int = 0
    refused: list[tuple[Suggestion, str]] = field(default_factory=list)


def decide_many(*, suggestions: list[Suggestion], accept: bool) -> BulkDecision:
    """Accept or dismiss several suggestions; each accept stands or fails on its own."""
    outcome = BulkDecision()
    for suggestion in suggestions:
        suggestion.refresh_from_db(fields=["state"])
        if suggestion.state != Suggestion.State.PENDING:
            continue  # a twin of one accepted just before
        if not accept:
            dismiss_suggestion(suggestion=suggestion)
            outcome.done += 1
            continue
        try:
            accept_suggestion(suggestion=suggestion)
        except SuggestionRefused as refused:
            outcome.refused.append((suggestion, " ".join(refused.messages)))
        else:
            outcome.done += 1
    return outcome


@dataclass
class CorrectionOutcome:
    """What a correction did, for the toast and the tests."""

    correction: Correction | None
    undone: list[Event] = field(default_factory=list)
    not_undone: list[str] = field(default_factory=list)
    applied: list[Suggestion] = field(default_factory=list)
    pending: list[Suggestion] = field(default_factory=list)


def _clean_field(value: str, name: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > 200:
        raise ValidationError({name: f"Keep the {name} under 200 characters."})
    return value


@transaction.atomic
def correct_message(*, message: Message, kind: str, company: str, role: str) -> CorrectionOutcome:
    """The user sets a message's kind, company and role in one action.

    The correction is recorded (Orbit reads the next message of the same template that way,
    `learning`); automatic status changes this message made are undone where they are still
    the application's latest; pending suggestions go; the message is linked again from the
    corrected company and role (a manual link stays) and proposes what its corrected kind
    proposes, applying it when the state machine allows a forward move.
    """
    if kind not in MailKind.values:
        raise ValidationError({"kind": "Choose what kind of message this is."})
    company = _clean_field(company, "company")
    role = _clean_field(role, "role")
    message = Message.objects.select_for_update().get(pk=message.pk)
    before = (message.kind, message.company, message.role)
    if (kind, company, role) == before and message.corrected_at is not None:
        return CorrectionOutcome(correction=None)
    correction = learning.record_correction(
        message=message, kind=kind, company=company, role=role, before=before
    )
    outcome = CorrectionOutcome(correction=correction)
    if kind != before[0]:
        for event in Event.objects.filter(
            message_link__message=message, kind=EventKind.STATUS_CHANGE, source=EventSource.EMAIL
        ).order_by("-occurred_at", "-id"):
            if "undoes" in event.data or "undone_by" in event.data:
                continue
            try:
                outcome.undone.append(undo_change(event=event))
            except moves.UndoRefused as refused:
                outcome.not_undone.append(" ".join(refused.messages))
    Suggestion.objects.filter(message=message, state=Suggestion.State.PENDING).delete()
    message.kind, message.company, message.role = kind, company, role
    message.confidence = 1.0
    message.corrected_at = timezone.now()
    message.reasons = [_correction_reason(before, (kind, company, role))]
    relink = message.link_source != LinkSource.MANUAL
    if relink:
        message.application = None
        message.link_source = LinkSource.NONE
    message.save(
        update_fields=[
            "kind", "company", "role", "confidence", "corrected_at", "reasons", "application",
            "link_source", "updated_at",
        ]
    )  # fmt: skip
    if relink:
        process_messages([message])
    elif message.application_id:
        link_manually(message=message, application=message.application)
    for suggestion in Suggestion.objects.filter(message=message):
        if suggestion.state == Suggestion.State.APPLIED:
            outcome.applied.append(suggestion)
        elif suggestion.state == Suggestion.State.PENDING:
            outcome.pending.append(suggestion)
    return outcome


def _correction_reason(before: tuple[str, str, str], after: tuple[str, str, str]) -> str:
    changes = []
    for name, old, new in zip(("kind", "company", "role"), before, after, strict=True):
        if old != new:
            changes.append(f"{name} {new or '—'} (was {old or '—'})")
    said = "; ".join(changes) if changes else "kept as read"
    return f"You corrected this message: {said}."


@transaction.atomic
def undo_change(*, event: Event) -> Event:
    """Take back a status change a message made; the undo is an event of its own.

    The suggestion behind it follows: one Orbit applied by itself is dismissed (the user said
    no), one the user accepted from Review goes back to Review.
    """
    message_id = EventMessage.objects.message_ids([event.pk]).get(event.pk)
    undo = moves.undo_status_change(event=event)
    if message_id is None:
        return undo
    # The undo is about the same message: it shows on the message page and the timeline.
    EventMessage.objects.create(event=undo, message_id=message_id)
    suggestion = Suggestion.objects.filter(
        message_id=message_id,
        application_id=event.application_id,
        to_status=event.to_status,
        state__in=[Suggestion.State.APPLIED, Suggestion.State.ACCEPTED],
    ).first()
    if suggestion is not None:
        back_to_review = suggestion.state == Suggestion.State.ACCEPTED
        suggestion.state = (
            Suggestion.State.PENDING if back_to_review else Suggestion.State.DISMISSED
        )
        suggestion.decided_at = None if back_to_review else timezone.now()
        suggestion.save(update_fields=["state", "decided_at"])
    return undo

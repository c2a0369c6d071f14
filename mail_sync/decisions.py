"""What the user decides about a message: link, unlink, accept or dismiss a suggestion.

Automatic processing (`processing`) proposes; these are the user's answers, from the message
page, the Review queue and the API. A manual link or unlink is never overridden by a later
sync.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications import services
from applications.models import Application, EventSource
from mail_sync.linking import LinkResult
from mail_sync.models import Message, Suggestion
from mail_sync.processing import OneByOneWriter, ProcessStats, earlier_decisions, suggest

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
        services.change_status(
            application=application,
            to=suggestion.to_status,
            source=EventSource.EMAIL,
            occurred_at=suggestion.message.internal_date or timezone.now(),
            email_message=suggestion.message,
        )
    except ValidationError as error:
        raise SuggestionRefused(" ".join(error.messages)) from error
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_at"])


def dismiss_suggestion(*, suggestion: Suggestion) -> None:
    suggestion.state = Suggestion.State.DISMISSED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_at"])

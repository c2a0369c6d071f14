"""The message behind a timeline event, as a link on the application's page."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from applications.models import Event
from applications.timeline import EventLink
from mail_sync.models import EventMessage


def message_links(events: Sequence[Event]) -> dict[int, EventLink]:
    """A link to the message each of these events came from: one query for the page."""
    message_ids = EventMessage.objects.message_ids([event.pk for event in events])
    return {
        event_id: EventLink("From an email", reverse("mail_sync:message", args=[message_id]))
        for event_id, message_id in message_ids.items()
    }

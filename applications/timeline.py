"""What other apps add to an application's timeline, without applications knowing them.

Dependencies point inward (applications knows no app built on it), yet an event may have come
from something another app keeps, such as the email behind an automatic status change. That
app registers a function here (from its AppConfig.ready) that, given the events a page shows,
returns a link for each event it knows about, in a query or so for the whole page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from applications.models import Event


@dataclass(frozen=True)
class EventLink:
    """Where an event came from, as the timeline shows it."""

    label: str
    url: str


EventLinker = Callable[[Sequence[Event]], dict[int, EventLink]]

_linkers: list[EventLinker] = []


def register_event_linker(linker: EventLinker) -> None:
    if linker not in _linkers:
        _linkers.append(linker)


def event_links(events: Sequence[Event]) -> dict[int, EventLink]:
    """{event id: its link} from every registered app; no query when there are no events."""
    links: dict[int, EventLink] = {}
    if events:
        for linker in _linkers:
            links.update(linker(events))
    return links

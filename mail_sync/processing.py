"""From message to updated application: classify, link, suggest or apply a status.

The sync engine calls `process_messages` inside the transaction that stores a batch, before
the insert (`unsaved=True`), so each new message is written once with its verdict and link;
`reclassify_emails` and the tests call it on stored messages.
Everything here is idempotent: a message processed twice keeps its link, and the unique
(message, application, to_status) suggestion plus the batch's look-ups of earlier
suggestions and interview events mean no event, suggestion or application is made twice.

Status proposals by kind (documented choice for assessments):
- rejection → rejected, interview → interviewing, offer → offer;
- assessment → screening. When the application is already in screening (or further), an
  assessment is part of the stage it is in and proposes nothing: a take-home after a
  recruiter call does not by itself mean the interviews have started.
- confirmation → applied, which only moves a wishlist application (the state machine
  refuses it from anywhere else).
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource, InterviewKind
from applications.services import editing, moves, notes
from applications.status import Standing, Status, can_transition, is_forward, move
from mail_sync import classifier, learning
from mail_sync.classifier.memory import Memory
from mail_sync.linking import (
    ApplicationCache,
    ApplicationIndex,
    LinkResult,
    can_create_from,
    create_application_from,
    draft_application_from,
)
from mail_sync.models import (
    EventMessage,
    GmailAccount,
    MailKind,
    Message,
    Suggestion,
    link_events,
)

logger = logging.getLogger(__name__)

LinkSource = Message.LinkSource

STATUS_FOR_KIND: dict[str, str] = {
    MailKind.CONFIRMATION: Status.APPLIED,
    MailKind.REJECTION: Status.REJECTED,
    MailKind.INTERVIEW: Status.INTERVIEWING,
    MailKind.ASSESSMENT: Status.SCREENING,
    MailKind.OFFER: Status.OFFER,
}
CLASSIFICATION_FIELDS = ("kind", "confidence", "reasons", "company", "role")


@dataclass
class ProcessStats:
    """What one call did (not what was already there): a rerun reports zeros but classified."""

    classified: int = 0
    linked: int = 0
    applied: int = 0
    suggested: int = 0
    created: int = 0


def proposed_status(kind: str, current: str) -> str | None:
    """The status a message of this kind proposes for an application in `current`, if any."""
    target = STATUS_FOR_KIND.get(kind)
    if target is None or target == current or not can_transition(current, target):
        return None
    return target


def classify_messages(
    messages: list[Message], *, own_addresses: set[str], memory: Memory | None = None
) -> list[Message]:
    """Run the classifier over a batch and store each verdict on its instance; those changed.

    A message the user corrected keeps what the user said.
    """
    todo = [message for message in messages if message.corrected_at is None]
    results = classifier.classify_many(
        [
            (
                learning.message_sender(message),
                message.subject,
                message.body_text or message.snippet,
            )
            for message in todo
        ],
        own_addresses=own_addresses,
        memory=memory,
    )
    changed: list[Message] = []
    for message, result in zip(todo, results, strict=True):
        verdict = {
            "kind": result.kind,
            "confidence": round(float(result.confidence), 4),
            "reasons": list(result.reasons),
            "company": (result.company or "")[:200],
            "role": (result.role or "")[:200],
        }
        if any(getattr(message, name) != value for name, value in verdict.items()):
            changed.append(message)
        for name, value in verdict.items():
            setattr(message, name, value)
    return changed


def reclassify_stored(messages: list[Message]) -> list[Message]:
    """Classify stored messages again, each with its owner's addresses; those that changed."""
    by_user: dict[int, list[Message]] = defaultdict(list)
    for message in messages:
        by_user[message.user_id].append(message)
    addresses: dict[int, set[str]] = defaultdict(set)
    for user_id, email in GmailAccount.objects.filter(user_id__in=by_user).values_list(
        "user_id", "email"
    ):
        addresses[user_id].add(email.lower())
    for user_id, email in (
        get_user_model().objects.filter(pk__in=by_user).values_list("pk", "email")
    ):
        addresses[user_id].add((email or "").lower())
    changed: list[Message] = []
    for user_id, batch in by_user.items():
        memory = learning.memory_for(user_id)
        changed += classify_messages(batch, own_addresses=addresses[user_id], memory=memory)
    return changed


def own_addresses(user, messages: list[Message]) -> set[str]:
    """The user's own addresses: the sign-in address and each connected Gmail account's."""
    addresses = {user.email.lower()} if user.email else set()
    for message in messages:
        if Message.account.is_cached(message):
            addresses.add(message.account.email.lower())
    return addresses


def process_messages(
    messages: list[Message],
    *,
    one_by_one: bool = False,
    cache: ApplicationCache | None = None,
    unsaved: bool = False,
) -> ProcessStats:
    """Classify, link and suggest/apply statuses for a stored batch; idempotent.

    Writes are batched: new applications, status moves, events and suggestions cost a few
    queries per batch, not per message. `one_by_one` calls the single-row services instead
    (create_application, change_status, add_interview_round) and gives the same rows; it is
    the reference the batched path is tested against. A `cache` (one per sync run) keeps the
    user's applications between calls.

    `unsaved` messages are new ones, not in the database yet, with ids already reserved: the
    sync engine inserts them after this returns, in the same transaction, so each is written
    once with its verdict and link (the foreign keys to them are checked at commit). Nothing
    is read back or updated for them.
    """
    stats = ProcessStats()
    todo = [message for message in messages if message.parse_state != Message.ParseState.FAILED]
    if not todo:
        return stats
    if unsaved and any(message.pk is None for message in todo):
        raise ValueError("unsaved messages need reserved ids")
    with transaction.atomic():
        before = {} if unsaved else _refresh_link_state(todo)
        by_user: dict[int, list[Message]] = defaultdict(list)
        for message in todo:
            by_user[message.user_id].append(message)
        users = get_user_model().objects.in_bulk(list(by_user))
        for user_id, batch in by_user.items():
            user = users[user_id]
            writer = OneByOneWriter(user) if one_by_one else _BatchWriter(user)
            try:
                _process_user_batch(user, batch, stats, writer, cache, unsaved=unsaved)
            finally:
                if cache is not None:
                    # Instances this batch moved in memory are read again next time, so a
                    # refused move or a rolled-back batch leaves nothing stale behind.
                    cache.forget(writer.touched)
        changed = (
            []
            if unsaved
            else [message for message in todo if _snapshot(message) != before[message.pk]]
        )
        if changed:
            _save_results(changed)
    return stats


# One UPDATE ... FROM (VALUES ...) per batch: bulk_update's CASE per column and row was the
# pipeline's biggest cost. Casts give the VALUES columns their types.
_SAVE_SQL = """
UPDATE {table} AS message SET
    kind = batch.kind, confidence = batch.confidence::double precision,
    reasons = batch.reasons::jsonb, company = batch.company, role = batch.role,
    application_id = batch.application_id::bigint, link_source = batch.link_source,
    processed_at = batch.processed_at::timestamptz, updated_at = %s
FROM (VALUES {rows}) AS batch (
    id, kind, confidence, reasons, company, role, application_id, link_source, processed_at
)
WHERE message.id = batch.id
"""


def _save_results(messages: list[Message]) -> None:
    now = timezone.now()
    params: list = [now]
    for message in messages:
        message.updated_at = now
        params.extend(
            (
                message.pk,
                message.kind,
                message.confidence,
                json.dumps(message.reasons or []),
                message.company,
                message.role,
                message.application_id,
                message.link_source,
                message.processed_at,
            )
        )
    row = "(%s::bigint, %s, %s, %s, %s, %s, %s, %s, %s)"
    sql = _SAVE_SQL.format(table=Message._meta.db_table, rows=", ".join([row] * len(messages)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _snapshot(message: Message) -> tuple:
    return (
        message.kind,
        message.confidence,
        tuple(message.reasons or ()),
        message.company,
        message.role,
        message.application_id,
        message.link_source,
        message.processed_at,
    )


def _refresh_link_state(messages: list[Message]) -> dict[int, tuple]:
    """Read links from the database: the caller's instances may predate an earlier run."""
    stored = Message.objects.filter(pk__in=[message.pk for message in messages]).values_list(
        "pk", *CLASSIFICATION_FIELDS, "application_id", "link_source", "processed_at"
    )
    state = {row[0]: row[1:] for row in stored}
    before: dict[int, tuple] = {}
    for message in messages:
        kind, confidence, reasons, company, role, application_id, link_source, processed = state[
            message.pk
        ]
        message.application_id = application_id
        message.link_source = link_source
        message.processed_at = processed
        before[message.pk] = (
            kind,
            confidence,
            tuple(reasons or ()),
            company,
            role,
            application_id,
            link_source,
            processed,
        )
    return before


class OneByOneWriter:
    """Writes each change as it is decided, through the single-row services."""

    def __init__(self, user) -> None:
        self.user = user
        self.touched: set[int] = set()

    def create(self, message: Message, potential: int) -> Application:
        application = create_application_from(message, user=self.user)
        self.touched.add(application.pk)
        return application

    def apply(
        self, message: Message, application: Application, target: str, suggestion: Suggestion
    ) -> bool:
        self.touched.add(application.pk)
        return _apply(message, application, target)

    def add_round(self, message: Message, application: Application) -> None:
        self.touched.add(application.pk)
        event = notes.add_interview_round(**_round_fields(message, application))
        link_events([(event, message)])

    def finish(self, stats: ProcessStats) -> None:
        pass


class _BatchWriter:
    """Decides in memory, as the one-by-one path would, and writes it all in `finish`.

    Applications get ids reserved from their sequence, so later messages can link to them
    before they are inserted. The in-memory rows change as the services would change them,
    so later messages see the statuses and activity times earlier ones left; the services
    check every move again against the locked rows when the batch is written.
    """

    def __init__(self, user) -> None:
        self.user = user
        self.ids: list[int] = []
        self.drafts: list[editing.ApplicationDraft] = []
        self.timeline: list[moves.StatusMove | Event] = []
        self.suggestions: dict[int, Suggestion] = {}  # id(move) → its suggestion
        self.messages: dict[int, Message] = {}  # id(move, event or draft) → its message
        # New applications as drafted: later messages move the instances in memory, but the
        # rows go in as created, and the moves are written (and checked) after them.
        self.created_as: dict[int, tuple] = {}
        self.touched: set[int] = set()

    def create(self, message: Message, potential: int) -> Application:
        if not self.ids:
            # One query for every application this batch may still create.
            self.ids = editing.reserve_application_ids(potential)[::-1]  # pop() takes the lowest
        draft = draft_application_from(message, user=self.user, pk=self.ids.pop())
        self.touched.add(draft.application.pk)
        self.drafts.append(draft)
        self.messages[id(draft)] = message
        application = draft.application
        self.created_as[application.pk] = (
            application.status,
            application.last_activity_at,
            application.applied_date,
        )
        return application

    def apply(
        self, message: Message, application: Application, target: str, suggestion: Suggestion
    ) -> bool:
        when = message.internal_date or timezone.now()
        planned = moves.StatusMove(
            application=application,
            to=target,
            source=EventSource.EMAIL,
            occurred_at=when,
        )
        self.timeline.append(planned)
        self.suggestions[id(planned)] = suggestion
        self.messages[id(planned)] = message
        self.touched.add(application.pk)
        # What change_status leaves on the instance, for the messages after this one.
        move(Standing.of(application), to=target, when=when).apply_to(application)
        return True

    def add_round(self, message: Message, application: Application) -> None:
        event = notes.draft_interview_round(**_round_fields(message, application))
        self.timeline.append(event)
        self.messages[id(event)] = message
        self.touched.add(application.pk)
        application.last_activity_at = max(application.last_activity_at, event.occurred_at)

    def finish(self, stats: ProcessStats) -> None:
        for draft in self.drafts:
            application = draft.application
            status, last_activity_at, applied_date = self.created_as[application.pk]
            application.status = status
            application.last_activity_at = last_activity_at
            application.applied_date = applied_date
        editing.create_applications_bulk(user=self.user, drafts=self.drafts)
        moves.record_timeline_bulk(entries=self.timeline)
        links = [(draft.created_event, self.messages[id(draft)]) for draft in self.drafts]
        for entry in self.timeline:
            message = self.messages[id(entry)]
            if isinstance(entry, Event):
                links.append((entry, message))
            elif entry.event is not None:
                links.append((entry.event, message))
        if links:
            link_events(links)
        for entry in self.timeline:
            if isinstance(entry, moves.StatusMove) and entry.error:
                # Refused against the locked row (it changed since the batch read it): the
                # suggestion waits in Review, as with change_status one by one.
                logger.info(
                    "Suggestion for message %s left pending: %s",
                    self.messages[id(entry)].pk,
                    entry.error,
                )
                suggestion = self.suggestions[id(entry)]
                suggestion.state = Suggestion.State.PENDING
                suggestion.decided_at = None
                stats.applied -= 1
                stats.suggested += 1


Writer = OneByOneWriter | _BatchWriter


def _round_fields(message: Message, application: Application) -> dict:
    return {
        "application": application,
        "name": interview_name(message.subject),
        "kind": guess_interview_kind(f"{message.subject}\n{message.body_text}"),
        "source": EventSource.EMAIL,
        "occurred_at": message.internal_date or timezone.now(),
    }


def _process_user_batch(
    user,
    batch: list[Message],
    stats: ProcessStats,
    writer: Writer,
    cache: ApplicationCache | None,
    *,
    unsaved: bool,
) -> None:
    # Oldest first, so a thread's first message decides where the rest of it goes.
    batch.sort(key=lambda message: (message.internal_date or timezone.now(), message.pk))
    index = ApplicationIndex.load(user_id=user.pk, messages=batch, cache=cache)
    # New messages have no suggestions or interview events yet: nothing to look up.
    decided, rounds = (set(), set()) if unsaved else earlier_decisions(batch)
    classify_messages(
        batch, own_addresses=own_addresses(user, batch), memory=learning.memory_for(user.pk)
    )
    stats.classified += len(batch)
    # An upper bound on the applications still to create, for the batch writer's id reservation.
    potential = sum(1 for message in batch if can_create_from(message))
    new_suggestions: list[Suggestion] = []
    now = timezone.now()
    for message in batch:
        potential -= can_create_from(message)
        link = _link(message, index, writer, stats, potential + 1)
        if link.application is not None:
            index.remember(message, link.application)
            new_suggestions.extend(
                suggest(message, link, decided=decided, rounds=rounds, stats=stats, writer=writer)
            )
        if message.processed_at is None:
            message.processed_at = now
    writer.finish(stats)
    if new_suggestions:
        Suggestion.objects.bulk_create(new_suggestions, ignore_conflicts=True)


def earlier_decisions(
    messages: list[Message],
) -> tuple[set[tuple[int, int, str]], set[tuple[int, int]]]:
    """What earlier runs made of these messages: (message, application, status) suggestions
    and (message, application) interview rounds, so neither is made twice."""
    ids = [message.pk for message in messages]
    decided = set(
        Suggestion.objects.filter(message_id__in=ids).values_list(
            "message_id", "application_id", "to_status"
        )
    )
    rounds = set(
        EventMessage.objects.filter(
            message_id__in=ids, event__kind=EventKind.INTERVIEW
        ).values_list("message_id", "event__application_id")
    )
    return decided, rounds


def _link(
    message: Message, index: ApplicationIndex, writer: Writer, stats: ProcessStats, potential: int
) -> LinkResult:
    if message.link_source == LinkSource.MANUAL:
        # The user linked or unlinked this message by hand: that stands.
        return LinkResult(index.by_id.get(message.application_id or 0), LinkSource.MANUAL)
    current = index.by_id.get(message.application_id or 0)
    if current is not None:
        return LinkResult(current, message.link_source)
    # Linked to nothing, or to an application now in the trash: find a live one.
    message.application_id = None
    message.link_source = LinkSource.NONE
    if message.kind in ("", MailKind.OTHER):
        return LinkResult(None)
    link = index.find(message)
    if link.application is None and can_create_from(message):
        application = writer.create(message, potential)
        index.add(application)
        stats.created += 1
        link = LinkResult(application, LinkSource.CREATED)
    if link.application is not None:
        message.application = link.application
        message.link_source = link.source
        stats.linked += 1
    return link


def suggest(
    message: Message,
    link: LinkResult,
    *,
    decided: set[tuple[int, int, str]],
    rounds: set[tuple[int, int]],
    stats: ProcessStats,
    writer: Writer,
) -> list[Suggestion]:
    """Apply or queue the status this message proposes; add an interview round once.

    Mail from well before the user applied changes nothing on the application it is linked
    to: no status, no suggestion, no interview round (see `_predates`).
    """
    application = link.application
    assert application is not None
    suggestions: list[Suggestion] = []
    if _predates(message, application):
        return suggestions
    target = proposed_status(message.kind, application.status)
    if target is not None and (message.pk, application.pk, target) not in decided:
        decided.add((message.pk, application.pk, target))
        automatic = (
            classifier.clears_threshold(message.kind, message.confidence)
            and is_forward(application.status, target)
            and not link.ambiguous
            and not link.thread_disagrees
            and link.source != LinkSource.MANUAL
        )
        suggestion = Suggestion(
            user_id=message.user_id,
            message=message,
            application=application,
            to_status=target,
            confidence=message.confidence,
            reason=_reason(message, link),
        )
        if automatic and writer.apply(message, application, target, suggestion):
            suggestion.state = Suggestion.State.APPLIED
            suggestion.decided_at = timezone.now()
            stats.applied += 1
        else:
            stats.suggested += 1
        suggestions.append(suggestion)
    if message.kind == MailKind.INTERVIEW and (message.pk, application.pk) not in rounds:
        rounds.add((message.pk, application.pk))
        writer.add_round(message, application)
    return suggestions


# Days a message may precede the applied date and still be about this application: the
# user may type the date a day or two late, and the mail's day is in the user's time zone.
EARLY_MAIL_DAYS = 2


def _predates(message: Message, application: Application) -> bool:
    """Mail from more than EARLY_MAIL_DAYS before the applied date is about an earlier process
    (a rejection from last year's application) or came before this one (a recruiter's first
    note): it cannot say where this application stands now."""
    if application.applied_date is None or message.internal_date is None:
        return False
    received = timezone.localdate(message.internal_date)
    return (application.applied_date - received).days > EARLY_MAIL_DAYS


def _apply(message: Message, application: Application, target: str) -> bool:
    try:
        # change_status is atomic itself, so a refused move leaves the sync's transaction usable.
        event = moves.change_status(
            application=application,
            to=target,
            source=EventSource.EMAIL,
            occurred_at=message.internal_date or timezone.now(),
        )
    except ValidationError as error:
        logger.info("Suggestion for message %s left pending: %s", message.pk, error.messages)
        return False
    link_events([(event, message)])
    return True


def _reason(message: Message, link: LinkResult) -> str:
    parts = [f"{message.get_kind_display()} email ({message.confidence:.0%} confident)"]
    parts.append(f"linked by {LinkSource(link.source).label.lower()}")
    if link.ambiguous:
        parts.append("several applications fit, so please check")
    if link.thread_disagrees:
        parts.append("its thread belongs to another application, so please check")
    return "; ".join(parts) + "."


_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg)\s*:\s*)+", re.IGNORECASE)
_INTERVIEW_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (InterviewKind.TECHNICAL, re.compile(r"technical|coding|pair(ing)?|system design|live code")),
    (InterviewKind.ONSITE, re.compile(r"on-?site|in person|in-person|our office|final round")),
    (InterviewKind.PHONE, re.compile(r"phone|telephone")),
    (InterviewKind.VIDEO, re.compile(r"zoom|google meet|\bmeet\b|teams|video|webex|hangout")),
)


def interview_name(subject: str) -> str:
    name = _SUBJECT_PREFIX.sub("", subject or "").strip()
    return (name or "Interview")[:200]


def guess_interview_kind(text: str) -> str:
    """Technical beats on-site beats phone beats video: the most specific word wins."""
    lowered = (text or "").casefold()
    for kind, pattern in _INTERVIEW_KINDS:
        if pattern.search(lowered):
            return kind
    return InterviewKind.VIDEO

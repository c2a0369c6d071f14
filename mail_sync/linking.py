"""Which application a job message belongs to: thread, then company and role, then domain.

Linking runs over a whole batch against an in-memory `ApplicationIndex`, loaded with a few
queries per batch, so the sync pipeline does no per-message lookups. Manual links are the
user's word and are never touched here; the processing step skips them before asking.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, EventKind, EventSource, Source
from applications.services import editing
from applications.status import ACTIVE_STATUSES, Status
from mail_sync import classifier
from mail_sync.models import MailKind, Message, link_events

LinkSource = Message.LinkSource

# Legal-form words that say nothing about which company it is.
_COMPANY_NOISE = frozenset(
    {
        "the", "inc", "incorporated", "llc", "llp", "ltd", "limited", "gmbh", "corp",
        "corporation", "co", "company", "plc", "ag", "sa", "sas", "bv", "nv", "srl", "pty",
        "oy", "ab", "as", "kk",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+")

# Senders shared by many employers (mail providers, ATS and scheduling platforms, job
# boards): a message from one of them says nothing about which company wrote it.
SHARED_SENDER_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "google.com", "outlook.com", "hotmail.com", "live.com",
        "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
        "gmx.com", "gmx.de", "greenhouse.io", "greenhouse-mail.io", "lever.co", "myworkday.com",
        "workday.com", "myworkdayjobs.com", "ashbyhq.com", "smartrecruiters.com", "icims.com",
        "taleo.net", "jobvite.com", "workable.com", "workablemail.com", "bamboohr.com",
        "calendly.com", "goodtime.io", "hackerrank.com", "codility.com", "codesignal.com",
        "hirevue.com", "linkedin.com", "indeed.com", "indeedemail.com", "glassdoor.com",
        "ziprecruiter.com", "wellfound.com", "angel.co", "dice.com", "recruitee.com",
        "teamtailor.com", "teamtailor-mail.com", "personio.de", "personio.com", "jazzhr.com",
        "applytojob.com", "breezy.hr", "rippling.com", "successfactors.com",
        "oraclecloud.com", "ultipro.com", "paylocity.com", "zohorecruit.com", "otta.com",
        "hired.com", "welcometothejungle.com", "sendgrid.net", "mailgun.org", "amazonses.com",
    }
)  # fmt: skip
_SECOND_LEVEL = frozenset({"co", "com", "ac", "org", "net", "gov", "edu", "ne", "or"})

# Role similarity a candidate needs, and its lead over the runner-up, to be chosen alone.
ROLE_MATCH = 0.5
ROLE_LEAD = 0.15
# Below this a confirmation's role is a different job at the same company.
ROLE_DIFFERENT = 0.3
UNKNOWN_ROLE = "Role not stated"
# What ApplicationIndex._thread_verdict makes of a message in a linked thread.
_THREAD_HOLDS = "thread holds"
_COMPANY_DIFFERS = "company differs"
_BODY_NAMES_OTHER = "body names another company"
_UNPLACED = "recruiter pitch"
# What linking and status proposals read: not notes or the search vector.
INDEX_FIELDS = (
    "user_id", "company", "role", "job_url", "status", "last_activity_at", "applied_date",
    "deleted_at",
)  # fmt: skip


def _fold(text: str) -> str:
    """Casefolded, accents dropped, "&" spelled out: how company names are compared."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace(
        "&", " and "
    )


@lru_cache(maxsize=8192)
def normalize_company(name: str | None) -> str:
    """Casefolded company words without punctuation or legal-form words ("The Acme, Inc.")."""
    if not name:
        return ""
    words = _WORD.findall(_fold(name))
    kept = [word for word in words if word not in _COMPANY_NOISE]
    return " ".join(kept or words)


def same_company(first: str | None, second: str | None) -> bool:
    """Whether two names may be one company: "Acme" and "ACME Inc" or "Acme Robotics GmbH" are.

    One name's words must start the other's (a longer name is a division or the full legal
    name), so "Acme Health" and "Acme Robotics" are two companies, as are "General Motors" and
    "General Electric". An empty name matches anything: it says nothing about the company.
    """
    words_a, words_b = normalize_company(first).split(), normalize_company(second).split()
    if not words_a or not words_b:
        return True
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    # Run together, "HarborFinch" is "Harbor & Finch"; a squashed prefix would make "Meta"
    # "Metabase", so only equal.
    return "".join(w for w in words_a if w != "and") == "".join(w for w in words_b if w != "and")


def normalize_role(role: str | None) -> str:
    return " ".join(_WORD.findall((role or "").casefold()))


def role_similarity(first: str | None, second: str | None) -> float:
    """0..1 from shared title words: word order and extra words ("Senior", "II") matter little."""
    words_a, words_b = set(normalize_role(first).split()), set(normalize_role(second).split())
    if not words_a or not words_b:
        return 0.0
    shared = len(words_a & words_b)
    overlap = shared / len(words_a | words_b)
    contained = shared / min(len(words_a), len(words_b))
    return max(overlap, 0.9 * contained)


def site_domain(host: str | None) -> str:
    """The registrable part of a host name: "mail.jobs.acme.co.uk" → "acme.co.uk"."""
    host = (host or "").strip().lower().rstrip(".")
    host = host.rsplit("@", 1)[-1].split(":", 1)[0]
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@cache
def _shared_domains() -> frozenset[str]:
    """Our own list plus every platform the classifier knows (ATS, scheduling, boards...)."""
    platforms = (
        *classifier.ATS_DOMAINS,
        *classifier.SCHEDULING_DOMAINS,
        *classifier.ASSESSMENT_DOMAINS,
        *classifier.BOARD_DOMAINS,
        *classifier.NON_COMPANY_DOMAINS,
    )
    return SHARED_SENDER_DOMAINS | frozenset(site_domain(domain) for domain in platforms)


@lru_cache(maxsize=4096)
def company_domain(host: str | None) -> str:
    """The sender's site domain when it can identify one company, else ""."""
    domain = site_domain(host)
    return "" if not domain or domain in _shared_domains() else domain


@dataclass
class LinkResult:
    application: Application | None
    source: str = LinkSource.NONE
    # Several applications fit and none stood out: never change a status on this guess.
    ambiguous: bool = False
    # The thread said one application and the message's company another: the link follows
    # the company, and any status change waits for the user.
    thread_disagrees: bool = False


# Each live row with its row version: xmin changes with every update of the row, whoever
# makes it (a user's edit, a soft delete, this pipeline), so it says exactly what is stale.
_VERSIONS_SQL = """
SELECT id, xmin::text FROM {table} WHERE user_id = %s AND deleted_at IS NULL
"""


def _default_order(application: Application) -> tuple:
    """Application.Meta.ordering (-applied_date, -id; PostgreSQL puts NULLs first)."""
    applied = application.applied_date
    return (applied is not None, -applied.toordinal() if applied else 0, -application.pk)


class ApplicationCache:
    """A user's live applications kept across the batches of one sync run.

    Loading every application for every batch cost more than the batch's own work for a user
    who tracks thousands; one query of (id, row version) finds the rows to read again.
    """

    def __init__(self) -> None:
        self._rows: dict[int, dict[int, tuple[str, Application]]] = defaultdict(dict)

    def live(self, user_id: int) -> list[Application]:
        """The user's live applications in the default order, as fresh as the database."""
        with connection.cursor() as cursor:
            cursor.execute(_VERSIONS_SQL.format(table=Application._meta.db_table), [user_id])
            versions = dict(cursor.fetchall())
        known = self._rows[user_id]
        for pk in [pk for pk in known if pk not in versions]:
            del known[pk]
        stale = [pk for pk, version in versions.items() if known.get(pk, ("",))[0] != version]
        if stale:
            for application in Application.objects.filter(pk__in=stale).only(*INDEX_FIELDS):
                known[application.pk] = (versions[application.pk], application)
        return sorted((application for _, application in known.values()), key=_default_order)

    def forget(self, application_ids: Iterable[int]) -> None:
        """Read these again next time: their instances may hold changes that were not written."""
        for rows in self._rows.values():
            for pk in application_ids:
                rows.pop(pk, None)


@dataclass
class ApplicationIndex:
    """One user's live (not deleted) applications, indexed for linking a batch in memory."""

    user_id: int
    by_id: dict[int, Application] = field(default_factory=dict)
    by_company: dict[str, list[Application]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_thread: dict[str, int] = field(default_factory=dict)
    _first_words: dict[str, list[str]] | None = field(default=None, repr=False)

    @classmethod
    def load(
        cls, *, user_id: int, messages: list[Message], cache: ApplicationCache | None = None
    ) -> ApplicationIndex:
        """Two queries: the applications, and earlier links of the batch's threads and domains.

        With a `cache` (one per sync run) only rows changed since an earlier batch are read.
        """
        index = cls(user_id=user_id)
        live = (
            cache.live(user_id)
            if cache is not None
            else Application.objects.filter(user_id=user_id, deleted_at__isnull=True).only(
                *INDEX_FIELDS
            )
        )
        for application in live:
            index.add(application)
        threads = {message.thread_id for message in messages if message.thread_id}
        domains = {
            message.from_domain for message in messages if company_domain(message.from_domain)
        }
        if not threads and not domains:
            return index
        # Only what the links need: the batch's threads' links in order, and the distinct
        # (domain, application) pairs, not every earlier message of a domain (that grew with
        # the mailbox). Links to trashed or foreign applications are dropped here: sending
        # every live id, or joining, cost more than the queries.
        earlier = Message.objects.filter(user_id=user_id, application_id__isnull=False)
        in_threads = (
            earlier.filter(thread_id__in=threads)
            .order_by("internal_date", "pk")
            .values_list("thread_id", "application_id", "link_source")
        )
        manual: list[tuple[str, int]] = []
        for thread_id, application_id, link_source in in_threads if threads else ():
            if application_id not in index.by_id:
                continue
            if link_source == LinkSource.MANUAL:
                manual.append((thread_id, application_id))
            else:
                index.by_thread[thread_id] = application_id
        # The user's own links win for their thread, whatever the order they were made in.
        index.by_thread.update(manual)
        reached = (
            earlier.filter(Q(thread_id__in=threads) | Q(from_domain__in=domains))
            .exclude(from_domain="")
            .order_by()
            .distinct()
            .values_list("from_domain", "application_id")
        )
        for from_domain, application_id in reached:
            domain = company_domain(from_domain)
            if domain and application_id in index.by_id:
                index.by_domain[domain].add(application_id)
        return index

    def add(self, application: Application) -> None:
        self.by_id[application.pk] = application
        self.by_company[normalize_company(application.company)].append(application)
        self._first_words = None
        host = urlsplit(application.job_url).hostname if application.job_url else None
        domain = company_domain(host)
        if domain:
            self.by_domain[domain].add(application.pk)

    def remember(self, message: Message, application: Application) -> None:
        """Later messages of this thread and sender domain follow this link."""
        if message.thread_id and message.link_source != LinkSource.MANUAL:
            self.by_thread.setdefault(message.thread_id, application.pk)
        elif message.thread_id:
            self.by_thread[message.thread_id] = application.pk
        domain = company_domain(message.from_domain)
        if domain:
            self.by_domain[domain].add(application.pk)

    def find(self, message: Message) -> LinkResult:
        """The application this message belongs to, by thread, company and role, then domain.

        Neither a thread nor a sender domain links a message to an application of another
        company than the one the message is about: recruiters reuse threads for several
        employers, and an agency's domain is every client's (see `_thread_verdict`). Such a
        message is linked by its company instead, or created from (a confirmation), or left
        unlinked for the user to place. Unlinked is the safe side: a wrong link would move
        another employer's status, while an unlinked message waits in the inbox, where the
        user links it by hand. A company link that overrules the thread only ever suggests.
        """
        thread_application = self.by_id.get(self.by_thread.get(message.thread_id, 0))
        if thread_application is None:
            return self._find_by_company_or_domain(message)
        verdict, named = self._thread_verdict(message, thread_application)
        if verdict == _THREAD_HOLDS:
            return LinkResult(thread_application, LinkSource.THREAD)
        if verdict == _BODY_NAMES_OTHER:
            link = _pick(self.by_company[named], message.role, LinkSource.COMPANY)
        elif verdict == _COMPANY_DIFFERS:
            link = self._find_by_company_or_domain(message)
        else:
            link = LinkResult(None)
        link.thread_disagrees = link.application is not None
        return link

    def _thread_verdict(self, message: Message, application: Application) -> tuple[str, str]:
        """Whether a message stays with its thread's application, and if not, why.

        The classifier often reads a reply's company from the subject it inherits
        ("Re: Platform Engineer - Globex"), so the body is read too, for the names of the
        user's own companies: a body that names another of them and not the thread's is
        about that one. A recruiter's message whose body does not name the thread's company
        is a pitch for something else (or too vague to place) and joins nothing.
        """
        if not normalize_company(message.company):
            return _THREAD_HOLDS, ""  # the classifier found no company: nothing disagrees
        if not same_company(message.company, application.company):
            return _COMPANY_DIFFERS, ""
        named = self._companies_named(message.body_text or message.snippet)
        thread_company = normalize_company(application.company)
        if any(same_company(name, thread_company) for name in named):
            return _THREAD_HOLDS, ""
        if len(named) == 1:  # none of them is the thread's company, checked just above
            return _BODY_NAMES_OTHER, named[0]
        if message.kind == MailKind.RECRUITER:
            return _UNPLACED, ""
        return _THREAD_HOLDS, ""

    def _companies_named(self, text: str) -> list[str]:
        """The user's companies (normalised) whose words appear in order in `text`."""
        words = _WORD.findall(_fold(text))
        joined = f" {' '.join(words)} "
        by_first_word = self._companies_by_first_word()
        named = {
            company
            for word in set(words)
            for company in by_first_word.get(word, ())
            if f" {company} " in joined
        }
        return sorted(named)

    def _companies_by_first_word(self) -> dict[str, list[str]]:
        """The user's companies by their first word, built once per batch (a sync reads
        thousands of messages against thousands of companies), again after `add`."""
        if self._first_words is None:
            self._first_words = defaultdict(list)
            for company, applications in self.by_company.items():
                if company and applications:
                    self._first_words[company.split(" ", 1)[0]].append(company)
        return self._first_words

    def _find_by_company_or_domain(self, message: Message) -> LinkResult:
        company = normalize_company(message.company)
        candidates = self.by_company.get(company, []) if company else []
        if candidates:
            if message.kind == MailKind.CONFIRMATION and _is_new_role(message.role, candidates):
                return LinkResult(None)
            return _pick(candidates, message.role, LinkSource.COMPANY)
        domain = company_domain(message.from_domain)
        ids = self.by_domain.get(domain) if domain else None
        if ids:
            reached = [
                self.by_id[pk]
                for pk in ids
                if pk in self.by_id and same_company(message.company, self.by_id[pk].company)
            ]
            return _pick(reached, message.role, LinkSource.DOMAIN)
        return LinkResult(None)


def _is_new_role(role: str | None, candidates: list[Application]) -> bool:
    """A confirmation naming a role unlike every known one is a second job at that company."""
    if not normalize_role(role):
        return False
    return max(role_similarity(role, app.role) for app in candidates) < ROLE_DIFFERENT


def _pick(candidates: list[Application], role: str | None, source: str) -> LinkResult:
    if not candidates:
        return LinkResult(None)
    if len(candidates) == 1:
        return LinkResult(candidates[0], source)
    scored = sorted(
        ((role_similarity(role, app.role), _recency(app), app) for app in candidates),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    best, runner_up = scored[0], scored[1]
    clear = best[0] >= ROLE_MATCH and best[0] - runner_up[0] >= ROLE_LEAD
    if clear:
        return LinkResult(best[2], source)
    # No clear winner: the most recently active live application is the best guess.
    guess = max(candidates, key=_recency)
    return LinkResult(guess, source, ambiguous=True)


def _recency(application: Application) -> tuple[bool, datetime]:
    return (application.status in ACTIVE_STATUSES, application.last_activity_at)


def can_create_from(message: Message) -> bool:
    """Only a confirmation naming its company starts a new application."""
    return message.kind == MailKind.CONFIRMATION and bool(normalize_company(message.company))


def _application_fields(message: Message) -> dict:
    received = message.internal_date or timezone.now()
    return {
        "status": Status.APPLIED,
        "source": Source.EMAIL,
        "event_source": EventSource.EMAIL,
        "occurred_at": received,
        "company": message.company[:200],
        "role": (message.role or UNKNOWN_ROLE)[:200],
        "applied_date": min(timezone.localdate(received), timezone.localdate()),
    }


def create_application_from(message: Message, *, user) -> Application:
    """A new applied application for a confirmation from a company the user has not tracked.

    Called inside process_messages' transaction, so the source update commits with the row.
    """
    application = editing.create_application(user=user, **_application_fields(message))
    created = application.events.get(kind=EventKind.CREATED)
    link_events([(created, message)])
    return application


def draft_application_from(message: Message, *, user, pk: int) -> editing.ApplicationDraft:
    """What create_application_from would create, unsaved, under a reserved id."""
    return editing.draft_application(user=user, pk=pk, **_application_fields(message))

"""One job search as plain data, for the demo account, the benchmarks and the tests.

A search is a list of planned applications, each with its timeline (created, status moves,
interview rounds, notes) and the mail that timeline sends: the ATS confirmation when applying,
an assessment or an interview invitation when the process moves on, the rejection or the offer
when it comes, plus mail about no tracked application (confirmations the user never typed in,
recruiters, newsletters). `write.write_search` stores the timelines, `mail.mailbox_for` serves
the mail, so the two always tell the same story.

Everything is drawn from `random.Random(seed)` and dated from `anchor`, never from the clock:
the same seed and anchor give the same search, and nothing is dated after the anchor or before
the day its application was sent.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from applications.models import EventKind, Source, WorkMode
from applications.status import Status
from devtools.demo import catalogue
from mail_sync.models import MailKind

DEMO_SEED = 2026
# Mail that arrived after the user's last update: the sync applies it or asks in Review.
NEWS_BY_MAIL = 0.25


@dataclass(frozen=True)
class Listing:
    company: str
    sector: str
    role: str
    location: str
    currency: str
    work_mode: str
    source: str
    salary_min: int | None
    salary_max: int | None
    job_url: str


@dataclass(frozen=True)
class Step:
    """One event on an application's timeline."""

    kind: str  # EventKind
    at: datetime
    from_status: str = ""
    to_status: str = ""
    note: str = ""
    interview_name: str = ""
    interview_kind: str = ""
    interview_at: datetime | None = None


@dataclass(frozen=True)
class Mail:
    """One message in the mailbox; `key` is stable, so its Gmail ids are too."""

    key: str
    kind: str  # MailKind: what a careful human would file it as
    at: datetime
    company: str = ""
    role: str = ""
    thread: str = ""  # the key of the message this one replies to


@dataclass(frozen=True)
class PlannedApplication:
    key: str
    listing: Listing
    status: str
    applied_date: date | None
    tags: tuple[str, ...]
    notes: str
    steps: tuple[Step, ...]  # oldest first; the first is the created event
    tracked: bool = True  # False: the user never typed it in, only its mail knows it

    @property
    def created_at(self) -> datetime:
        return self.steps[0].at

    @property
    def last_activity_at(self) -> datetime:
        return max(step.at for step in self.steps)


@dataclass(frozen=True)
class JobSearch:
    seed: int | str
    anchor: datetime
    applications: tuple[PlannedApplication, ...]
    mail: tuple[Mail, ...] = field(default=())  # oldest first

    @property
    def tracked(self) -> list[PlannedApplication]:
        return [planned for planned in self.applications if planned.tracked]


def demo_search(*, anchor: datetime, seed: int | str = DEMO_SEED) -> JobSearch:
    """The demo account's search: ~150 applications over five months, and their mail."""
    rng = random.Random(seed)
    today = _day(anchor)
    # A few fixed stories make the demo worth clicking through; the rest is drawn at random.
    stories: list[tuple[tuple[str, ...], int]] = [
        (catalogue.ACCEPTED_PATH, 118),
        (catalogue.OFFER_PATH, 62),
        (catalogue.OFFER_PATH, 55),
        (catalogue.OFFER_DECLINED_PATH, 75),
    ]
    wishlist = 6
    for _ in range(catalogue.DEMO_APPLICATIONS - len(stories) - wishlist):
        path = _weighted(rng, catalogue.DEMO_PATHS)
        stories.append((path, rng.randint(1, catalogue.DEMO_DAYS)))
    planner = _Planner(rng, anchor)
    applications = [
        planner.applied(f"a{index}", _listing(rng), today - timedelta(days=days_ago), path)
        for index, (path, days_ago) in enumerate(stories)
    ]
    for index in range(wishlist):
        day = today - timedelta(days=rng.randint(0, 14))
        applications.append(planner.wishlist(f"w{index}", _listing(rng), day))
    # Applications only the mailbox knows: the sync creates them from their confirmations.
    for index, (company, sector) in enumerate(catalogue.generated_companies(6, seed=f"{seed}")):
        listing = _listing(rng, company=(company, sector))
        day = today - timedelta(days=rng.randint(2, 60))
        path = _weighted(rng, [((), 3), ((Status.REJECTED,), 2), ((Status.SCREENING,), 1)])
        applications.append(planner.applied(f"u{index}", listing, day, path, tracked=False))
    return planner.search(seed, applications, noise=len(applications) // 6)


def bench_search(
    *,
    anchor: datetime,
    seed: int | str,
    applications: int,
    events_per_application: int | None = None,
    generated_companies: bool = False,
    days: int = 365,
) -> JobSearch:
    """Benchmark data: `applications` sent over the last `days`, each with exactly
    `events_per_application` events when given (notes fill a short story), and their mail.
    `generated_companies` gives every application its own employer (mail-linking benchmarks)."""
    rng = random.Random(seed)
    today = _day(anchor)
    companies = (
        catalogue.generated_companies(applications, seed=seed) if generated_companies else []
    )
    planner = _Planner(rng, anchor)
    planned = []
    for index in range(applications):
        listing = _listing(rng, company=companies[index] if companies else None)
        day = today - timedelta(days=rng.randint(1, days))
        path = _weighted(rng, catalogue.BENCH_PATHS)
        planned.append(
            planner.applied(f"b{index}", listing, day, path, events=events_per_application)
        )
    return planner.search(seed, planned, noise=applications // 8)


def _day(moment: datetime) -> date:
    """The day in the project's time zone, whatever time zone is active."""
    return timezone.localdate(moment, timezone.get_default_timezone())


def _weighted(rng: random.Random, options: list[tuple]) -> object:
    return rng.choices([option for option, _ in options], [w for _, w in options])[0]


def _listing(rng: random.Random, *, company: tuple[str, str] | None = None) -> Listing:
    name, sector = company or rng.choice(catalogue.COMPANIES)
    role, low, high = rng.choice(catalogue.ROLES)
    location, currency = rng.choice(catalogue.LOCATIONS)
    work_mode = str(_weighted(rng, catalogue.WORK_MODES))
    salary_min = salary_max = None
    if rng.random() < 0.7:  # not every posting states a range
        factor = catalogue.CURRENCY_FACTOR[currency] * rng.uniform(0.9, 1.1)
        salary_min = int(round(low * factor, -3))
        salary_max = max(salary_min, int(round(high * factor, -3)))
    slug = name.lower().replace(" ", "")
    return Listing(
        company=name,
        sector=sector,
        role=role,
        location="Remote" if work_mode == WorkMode.REMOTE and rng.random() < 0.5 else location,
        currency=currency,
        work_mode=work_mode,
        source=str(_weighted(rng, catalogue.SOURCES)),
        salary_min=salary_min,
        salary_max=salary_max,
        job_url=f"https://careers.{slug}.example/jobs/{rng.randint(1000, 9999)}",
    )


def _tags(listing: Listing, rng: random.Random) -> tuple[str, ...]:
    chosen = []
    if listing.work_mode == WorkMode.REMOTE and rng.random() < 0.6:
        chosen.append("remote")
    if listing.source == Source.REFERRAL:
        chosen.append("referral")
    if listing.sector == "fintech":
        chosen.append("fintech")
    if listing.sector == "big tech":
        chosen.append("big tech")
    elif listing.sector in {"ai", "climate", "hardware"} and rng.random() < 0.5:
        chosen.append("startup")
    if rng.random() < 0.08:
        chosen.append("dream job")
    abroad = listing.location.startswith(("London", "Berlin", "Amsterdam", "Lisbon", "Toronto"))
    if abroad and rng.random() < 0.4:
        chosen.append("relocation")
    return tuple(chosen)


class _Planner:
    """Draws timelines and their mail from one random stream, never past the anchor."""

    def __init__(self, rng: random.Random, anchor: datetime) -> None:
        self.rng = rng
        self.anchor = anchor
        self.mail: list[Mail] = []

    def at(self, day: date) -> datetime:
        """A working-hours moment on the given day, in the project time zone, not after now."""
        moment = datetime.combine(
            day, time(self.rng.randint(8, 18), self.rng.choice(range(0, 60, 5)))
        )
        return min(timezone.make_aware(moment, timezone.get_default_timezone()), self.anchor)

    def applied(
        self,
        key: str,
        listing: Listing,
        day: date,
        path: tuple[str, ...],
        *,
        tracked: bool = True,
        events: int | None = None,
    ) -> PlannedApplication:
        rng = self.rng
        start = self.at(day)
        steps = [Step(EventKind.CREATED, start, to_status=Status.APPLIED)]
        steps += self._walk(path, start)
        if events is not None:
            steps = self._fill(steps[:events], events)
        status = next(step.to_status for step in reversed(steps) if step.to_status)
        planned = PlannedApplication(
            key=key,
            listing=listing,
            status=status,
            applied_date=_day(start),
            tags=_tags(listing, rng),
            notes=rng.choice(catalogue.NOTES) if rng.random() < 0.35 else "",
            steps=tuple(steps),
            tracked=tracked,
        )
        self._mail_for(planned)
        return planned

    def wishlist(self, key: str, listing: Listing, day: date) -> PlannedApplication:
        start = self.at(day)
        steps = [Step(EventKind.CREATED, start, to_status=Status.WISHLIST)]
        if self.rng.random() < 0.5:
            steps.append(
                Step(
                    EventKind.NOTE,
                    min(start + timedelta(hours=2), self.anchor),
                    note="Looks promising; tailor the CV before applying.",
                )
            )
        if listing.source == Source.RECRUITER:
            self._add(f"{key}-r", MailKind.RECRUITER, start - timedelta(hours=5), listing)
        return PlannedApplication(
            key=key,
            listing=listing,
            status=Status.WISHLIST,
            applied_date=None,
            tags=_tags(listing, self.rng),
            notes="",
            steps=tuple(steps),
        )

    def search(self, seed: int | str, applications: list, *, noise: int) -> JobSearch:
        first = min((planned.created_at for planned in applications), default=self.anchor)
        span = max(1.0, (self.anchor - first).total_seconds())
        for index in range(noise):
            when = first + timedelta(seconds=self.rng.uniform(0, span))
            self._add(f"n{index}", self.rng.choice([MailKind.OTHER, MailKind.RECRUITER]), when)
        self.mail.sort(key=lambda mail: (mail.at, mail.key))
        return JobSearch(
            seed=seed, anchor=self.anchor, applications=tuple(applications), mail=tuple(self.mail)
        )

    def _walk(self, path: tuple[str, ...], when: datetime) -> Iterator[Step]:
        """The application's moves along its path, stopping where the story is still to come."""
        rng = self.rng
        previous = Status.APPLIED
        for status in path:
            if status == Status.GHOSTED:
                when += timedelta(days=rng.randint(21, 35))
            elif status in {Status.REJECTED, Status.WITHDRAWN}:
                when += timedelta(days=rng.randint(3, 16), hours=rng.randint(0, 6))
            else:
                when += timedelta(days=rng.randint(4, 12), hours=rng.randint(0, 6))
            if when > self.anchor:
                return
            note = ""
            if status == Status.REJECTED:
                note = rng.choice(catalogue.REJECTION_NOTES)
            elif status == Status.WITHDRAWN:
                note = rng.choice(catalogue.WITHDRAW_NOTES)
            elif status == Status.OFFER:
                note = "Verbal offer, written offer to follow."
            yield Step(EventKind.STATUS_CHANGE, when, previous, status, note=note)
            previous = status
            if status == Status.INTERVIEWING:
                yield from self._rounds(when)
                when += timedelta(days=rng.randint(8, 20))
            if rng.random() < 0.15 and when + timedelta(days=1) < self.anchor:
                yield Step(
                    EventKind.NOTE, when + timedelta(days=1), note=rng.choice(catalogue.NOTES)
                )

    def _rounds(self, start: datetime) -> Iterator[Step]:
        rng = self.rng
        when = start
        for name, kind in rng.sample(catalogue.INTERVIEW_ROUNDS[1:], k=rng.randint(1, 3)):
            when += timedelta(days=rng.randint(3, 8))
            if when > self.anchor:
                return
            yield Step(
                EventKind.INTERVIEW,
                when - timedelta(days=2),  # booked two days ahead
                interview_name=name,
                interview_kind=kind,
                interview_at=when,
                note=rng.choice(["", "Went well.", "Tough questions on databases.", ""]),
            )

    def _fill(self, steps: list[Step], events: int) -> list[Step]:
        """Notes after the last step, so a benchmark application has exactly `events` events."""
        last = steps[-1].at
        gap = (self.anchor - last) / (events - len(steps) + 1)
        notes = [
            Step(
                EventKind.NOTE,
                last + gap * index,
                note=catalogue.NOTES[index % len(catalogue.NOTES)],
            )
            for index in range(1, events - len(steps) + 1)
        ]
        return steps + notes

    def _mail_for(self, planned: PlannedApplication) -> None:
        """The mail this timeline sent, at the moments it happened; and sometimes news the
        user has not recorded yet, which the sync is there to pick up."""
        rng, listing, key = self.rng, planned.listing, planned.key
        confirmation = ""
        if rng.random() < 0.9 or not planned.tracked:
            confirmation = f"{key}-c"
            sent = planned.created_at + timedelta(minutes=rng.randint(1, 20))
            self._add(confirmation, MailKind.CONFIRMATION, sent, listing)
        for step in planned.steps:
            kind = {
                Status.SCREENING: MailKind.ASSESSMENT if rng.random() < 0.5 else "",
                Status.INTERVIEWING: MailKind.INTERVIEW,
                Status.OFFER: MailKind.OFFER,
                Status.REJECTED: MailKind.REJECTION if rng.random() < 0.8 else "",
            }.get(step.to_status if step.kind == EventKind.STATUS_CHANGE else "", "")
            if kind:
                # The mail came first; the user recorded what it said within hours.
                when = max(step.at - timedelta(hours=rng.randint(1, 6)), planned.created_at)
                self._add(f"{key}-{len(self.mail)}", kind, when, listing, thread=confirmation)
        # Sometimes the story goes on in the mailbox, past what the user typed in.
        waiting = planned.tracked and planned.status in {Status.APPLIED, Status.SCREENING}
        if waiting and rng.random() < NEWS_BY_MAIL:
            kind = MailKind.REJECTION if rng.random() < 0.6 else MailKind.INTERVIEW
            when = planned.last_activity_at + timedelta(days=rng.uniform(2, 14))
            if when <= self.anchor:
                self._add(f"{key}-news", kind, when, listing, thread=confirmation)

    def _add(
        self,
        key: str,
        kind: str,
        when: datetime,
        listing: Listing | None = None,
        *,
        thread: str = "",
    ) -> None:
        self.mail.append(
            Mail(
                key=key,
                kind=kind,
                at=min(when, self.anchor),
                company=listing.company if listing else "",
                role=listing.role if listing else "",
                thread=thread,
            )
        )

"""Seed the demo account with a realistic job search, or large deterministic benchmark data.

    manage.py seed_demo                                   # the demo account, ~150 applications
    manage.py seed_demo --users 1 --applications 5000 --events-per-application 10

Both paths are deterministic (random.Random with a fixed seed) and idempotent: a user that
already has applications is left alone, so running the command twice keeps the data.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
    InterviewKind,
    Source,
    Tag,
    WorkMode,
)
from applications.services import editing, moves, notes
from applications.services import tags as tags_services
from applications.status import Status
from orbit.cache import bump_user_data_version
from orbit.models import User

DEMO_APPLICATIONS = 150
DEMO_DAYS = 150  # about five months of searching

# (name, sector) — invented, but the kind of companies a mid-level engineer applies to.
COMPANIES: list[tuple[str, str]] = [
    ("Northwind Payments", "fintech"),
    ("Ledgerly", "fintech"),
    ("Brightvault Bank", "fintech"),
    ("Coinpath", "fintech"),
    ("Tallyhoe Accounting", "fintech"),
    ("Finch Lending", "fintech"),
    ("Paystream", "fintech"),
    ("Harbor Insurance Tech", "fintech"),
    ("Quillmark", "saas"),
    ("Trellis Data", "saas"),
    ("Loomworks", "saas"),
    ("Fieldnote", "saas"),
    ("Cobalt CRM", "saas"),
    ("Signalbox", "saas"),
    ("Waypoint Logistics", "logistics"),
    ("Cargoline", "logistics"),
    ("Railyard Freight", "logistics"),
    ("Helio Health", "health"),
    ("Carebridge", "health"),
    ("Medlane Diagnostics", "health"),
    ("Pulsewise", "health"),
    ("Greenlight Energy", "climate"),
    ("Solaria Grid", "climate"),
    ("Tidewater Carbon", "climate"),
    ("Openfield Robotics", "hardware"),
    ("Kestrel Drones", "hardware"),
    ("Arcadia Games", "games"),
    ("Pixel Harbor", "games"),
    ("Atlas Cloud", "big tech"),
    ("Meridian Systems", "big tech"),
    ("Summit Search", "big tech"),
    ("Orchard Devices", "big tech"),
    ("Nimbus Storage", "infra"),
    ("Graphite Databases", "infra"),
    ("Relay Networks", "infra"),
    ("Stackhouse", "infra"),
    ("Beacon Security", "security"),
    ("Lockstep Identity", "security"),
    ("Sentinel Labs", "security"),
    ("Wordsmith Learning", "edtech"),
    ("Chalkline", "edtech"),
    ("Mosaic Media", "media"),
    ("Riverbend News", "media"),
    ("Foodloop", "marketplace"),
    ("Hearth Homes", "marketplace"),
    ("Wanderly Travel", "marketplace"),
    ("Threadbare Fashion", "marketplace"),
    ("Copperleaf Analytics", "data"),
    ("Prism Insights", "data"),
    ("Lighthouse AI", "ai"),
    ("Cortex Labs", "ai"),
    ("Parallel Minds", "ai"),
    ("Civic Tech Collective", "public"),
    ("Open Transit Lab", "public"),
]

ROLES: list[tuple[str, int, int]] = [
    ("Backend Engineer", 110_000, 150_000),
    ("Senior Backend Engineer", 140_000, 185_000),
    ("Software Engineer", 100_000, 140_000),
    ("Senior Software Engineer", 145_000, 190_000),
    ("Staff Engineer", 180_000, 240_000),
    ("Full-Stack Developer", 100_000, 140_000),
    ("Python Developer", 95_000, 135_000),
    ("Django Developer", 90_000, 130_000),
    ("Platform Engineer", 130_000, 175_000),
    ("Site Reliability Engineer", 130_000, 180_000),
    ("Data Engineer", 115_000, 160_000),
    ("Machine Learning Engineer", 140_000, 200_000),
    ("Engineering Manager", 170_000, 220_000),
    ("Developer Advocate", 110_000, 150_000),
    ("API Engineer", 115_000, 155_000),
]

LOCATIONS: list[tuple[str, str]] = [
    ("New York, NY", "USD"),
    ("San Francisco, CA", "USD"),
    ("Austin, TX", "USD"),
    ("Seattle, WA", "USD"),
    ("Chicago, IL", "USD"),
    ("Boston, MA", "USD"),
    ("Denver, CO", "USD"),
    ("Toronto, Canada", "CAD"),
    ("London, UK", "GBP"),
    ("Berlin, Germany", "EUR"),
    ("Amsterdam, Netherlands", "EUR"),
    ("Lisbon, Portugal", "EUR"),
]
# Rough conversion so salaries look right in their own currency.
CURRENCY_FACTOR = {"USD": 1.0, "CAD": 1.05, "GBP": 0.62, "EUR": 0.7}

SOURCES: list[tuple[str, int]] = [
    (Source.LINKEDIN, 40),
    (Source.COMPANY_SITE, 22),
    (Source.REFERRAL, 12),
    (Source.RECRUITER, 12),
    (Source.JOB_BOARD, 12),
    (Source.OTHER, 2),
]
WORK_MODES: list[tuple[str, int]] = [
    (WorkMode.REMOTE, 45),
    (WorkMode.HYBRID, 35),
    (WorkMode.ONSITE, 20),
]

TAGS: list[tuple[str, str]] = [
    ("dream job", "pink"),
    ("remote", "teal"),
    ("referral", "green"),
    ("fintech", "indigo"),
    ("startup", "amber"),
    ("big tech", "blue"),
    ("follow up", "orange"),
    ("relocation", "purple"),
]

INTERVIEW_ROUNDS: list[tuple[str, str]] = [
    ("Recruiter call", InterviewKind.PHONE),
    ("Hiring manager interview", InterviewKind.VIDEO),
    ("Technical interview", InterviewKind.TECHNICAL),
    ("System design", InterviewKind.TECHNICAL),
    ("Take-home review", InterviewKind.VIDEO),
    ("Onsite loop", InterviewKind.ONSITE),
    ("Culture and values", InterviewKind.VIDEO),
]

NOTES: list[str] = [
    "Recruiter reached out first; team is growing after a Series B.",
    "Job post mentions Django and PostgreSQL, good fit.",
    "Asked a friend on the team about the on-call load: one week in six.",
    "Sent a thank-you email to the interviewers.",
    "Salary band shared on the first call, in line with expectations.",
    "Glassdoor reviews mention long hours; ask about it.",
    "Applied through the careers page, no cover letter needed.",
    "Followed up with the recruiter after a week of silence.",
    "Take-home: build a small API with pagination and tests.",
    "Interviewer was great; the product is genuinely interesting.",
]

REJECTION_NOTES = [
    "Generic rejection email.",
    "They went with a candidate with more domain experience.",
    "Position filled internally.",
    "Role put on hold after a reorganisation.",
    "",
]
WITHDRAW_NOTES = [
    "Withdrew: the role turned out to be mostly front-end.",
    "Withdrew: salary band well below expectations.",
    "Withdrew after accepting another offer.",
]

# Outcome paths for the demo, with weights; each step follows the state machine.
DEMO_PATHS: list[tuple[tuple[str, ...], int]] = [
    ((Status.REJECTED,), 30),
    ((Status.GHOSTED,), 18),
    ((), 16),  # still waiting to hear back
    ((Status.SCREENING, Status.REJECTED), 10),
    ((Status.SCREENING,), 5),
    ((Status.SCREENING, Status.INTERVIEWING, Status.REJECTED), 9),
    ((Status.SCREENING, Status.INTERVIEWING), 5),
    ((Status.INTERVIEWING, Status.REJECTED), 3),
    ((Status.WITHDRAWN,), 2),
    ((Status.SCREENING, Status.WITHDRAWN), 3),
    ((Status.SCREENING, Status.GHOSTED), 3),
]
OFFER_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER)
ACCEPTED_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED)
OFFER_DECLINED_PATH = (Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.WITHDRAWN)


def _weighted(rng: random.Random, options: list[tuple]) -> object:
    return rng.choices([option for option, _ in options], [w for _, w in options])[0]


def _at(day: date, rng: random.Random) -> datetime:
    """A working-hours moment on the given day, in the project time zone."""
    moment = datetime.combine(day, datetime.min.time()).replace(
        hour=rng.randint(8, 18), minute=rng.choice([0, 10, 15, 20, 30, 40, 45, 50])
    )
    return timezone.make_aware(moment)


@dataclass
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


def _listing(rng: random.Random) -> Listing:
    company, sector = rng.choice(COMPANIES)
    role, low, high = rng.choice(ROLES)
    location, currency = rng.choice(LOCATIONS)
    work_mode = _weighted(rng, WORK_MODES)
    salary_min = salary_max = None
    if rng.random() < 0.7:  # not every posting states a range
        factor = CURRENCY_FACTOR[currency] * rng.uniform(0.9, 1.1)
        salary_min = int(round(low * factor, -3))
        salary_max = max(salary_min, int(round(high * factor, -3)))
    return Listing(
        company=company,
        sector=sector,
        role=role,
        location="Remote" if work_mode == WorkMode.REMOTE and rng.random() < 0.5 else location,
        currency=currency,
        work_mode=str(work_mode),
        source=str(_weighted(rng, SOURCES)),
        salary_min=salary_min,
        salary_max=salary_max,
    )


class Command(BaseCommand):
    help = "Seed the demo account, or --users N --applications M for benchmark data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, help="benchmark users to create")
        parser.add_argument("--applications", type=int, default=1000, help="per benchmark user")
        parser.add_argument("--events-per-application", type=int, default=5)
        parser.add_argument("--prefix", default="bench", help="benchmark emails: PREFIX-<i>@…")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options) -> None:
        if options["users"] is None:
            self.seed_demo(seed=options["seed"])
        else:
            self.seed_bench(
                users=options["users"],
                applications=options["applications"],
                events_per_application=max(1, options["events_per_application"]),
                prefix=options["prefix"],
                seed=options["seed"],
            )

    # --- the demo account -------------------------------------------------------------

    def seed_demo(self, *, seed: int) -> None:
        email, password = settings.DEMO_EMAIL, settings.DEMO_PASSWORD
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password)
            self.stdout.write(f"Created the demo user {email}.")
        elif not user.check_password(password):
            # The printed demo login must work even if someone changed the password.
            user.set_password(password)
            user.save(update_fields=["password"])
        existing = Application.objects.filter(user=user).count()
        if existing:
            self.stdout.write(f"Demo account {email} already has {existing} applications; kept.")
            return
        started = time.perf_counter()
        with transaction.atomic():
            count = build_demo_search(user=user, rng=random.Random(seed))
        events = Event.objects.filter(user=user).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {email}: {count} applications, {events} events "
                f"in {time.perf_counter() - started:.1f}s."
            )
        )

    # --- benchmark data -----------------------------------------------------------------

    def seed_bench(
        self, *, users: int, applications: int, events_per_application: int, prefix: str, seed: int
    ) -> None:
        password = make_password("bench-password")  # hashed once: hashing is the slow part
        for index in range(users):
            email = f"{prefix}-{index}@orbit.local"
            user, created = User.objects.get_or_create(email=email, defaults={"password": password})
            if not created and Application.objects.filter(user=user).exists():
                self.stdout.write(f"{email}: already seeded, skipped.")
                continue
            started = time.perf_counter()
            with transaction.atomic():
                apps, events = build_bench_data(
                    user=user,
                    count=applications,
                    events_per_application=events_per_application,
                    rng=random.Random(f"{seed}-{index}"),
                )
            self.stdout.write(
                f"{email}: {apps} applications, {events} events "
                f"in {time.perf_counter() - started:.1f}s."
            )


def build_demo_search(*, user: User, rng: random.Random) -> int:
    """The demo's job search, written through the services like a real user's clicks would."""
    today = timezone.localdate()
    now = timezone.now()
    tags = {
        name: tags_services.create_tag(user=user, name=name, color=color) for name, color in TAGS
    }
    # A few fixed stories make the demo worth clicking through; the rest is drawn at random.
    stories: list[tuple[tuple[str, ...], int]] = [
        (ACCEPTED_PATH, 118),
        (OFFER_PATH, 62),
        (OFFER_PATH, 55),
        (OFFER_DECLINED_PATH, 75),
    ]
    wishlist = 6
    for _ in range(DEMO_APPLICATIONS - len(stories) - wishlist):
        path = _weighted(rng, DEMO_PATHS)
        stories.append((path, rng.randint(1, DEMO_DAYS)))
    created = 0
    for path, days_ago in stories:
        listing = _listing(rng)
        applied_on = today - timedelta(days=days_ago)
        application = _create(user, listing, tags, rng, status=Status.APPLIED, day=applied_on)
        _walk(application, path, _at(applied_on, rng), now, rng)
        created += 1
    for _ in range(wishlist):
        listing = _listing(rng)
        day = today - timedelta(days=rng.randint(0, 14))
        application = _create(user, listing, tags, rng, status=Status.WISHLIST, day=day)
        if rng.random() < 0.5:
            notes.add_note(
                application=application,
                text="Looks promising; tailor the CV before applying.",
                occurred_at=_at(day, rng),
            )
        created += 1
    return created


def _create(
    user: User,
    listing: Listing,
    tags: dict[str, Tag],
    rng: random.Random,
    *,
    status: str,
    day: date,
) -> Application:
    chosen = []
    if listing.work_mode == WorkMode.REMOTE and rng.random() < 0.6:
        chosen.append(tags["remote"])
    if listing.source == Source.REFERRAL:
        chosen.append(tags["referral"])
    if listing.sector == "fintech":
        chosen.append(tags["fintech"])
    if listing.sector == "big tech":
        chosen.append(tags["big tech"])
    elif listing.sector in {"ai", "climate", "hardware"} and rng.random() < 0.5:
        chosen.append(tags["startup"])
    if rng.random() < 0.08:
        chosen.append(tags["dream job"])
    abroad = listing.location.startswith(("London", "Berlin", "Amsterdam", "Lisbon", "Toronto"))
    if abroad and rng.random() < 0.4:
        chosen.append(tags["relocation"])
    when = _at(day, rng)
    slug = listing.company.lower().replace(" ", "")
    application = editing.create_application(
        user=user,
        status=status,
        tags=chosen,
        occurred_at=when,
        company=listing.company,
        role=listing.role,
        job_url=f"https://careers.{slug}.example/jobs/{rng.randint(1000, 9999)}",
        location=listing.location,
        work_mode=listing.work_mode,
        salary_min=listing.salary_min,
        salary_max=listing.salary_max,
        salary_currency=listing.currency,
        applied_date=day if status != Status.WISHLIST else None,
        notes=rng.choice(NOTES) if rng.random() < 0.35 else "",
        source=listing.source,
    )
    # A seeded row should look as old as its story, not as old as the seed run.
    Application.objects.filter(pk=application.pk).update(created_at=when)
    return application


def _walk(
    application: Application,
    path: tuple[str, ...],
    when: datetime,
    now: datetime,
    rng: random.Random,
) -> None:
    """Move the application along its path, stopping where the story would be in the future."""
    for step in path:
        if step == Status.GHOSTED:
            when += timedelta(days=rng.randint(21, 35))
        elif step in {Status.REJECTED, Status.WITHDRAWN}:
            when += timedelta(days=rng.randint(3, 16), hours=rng.randint(0, 6))
        else:
            when += timedelta(days=rng.randint(4, 12), hours=rng.randint(0, 6))
        if when > now:
            return
        if step == Status.INTERVIEWING:
            _interview_rounds(application, when, now, rng)
        note = ""
        if step == Status.REJECTED:
            note = rng.choice(REJECTION_NOTES)
        elif step == Status.WITHDRAWN:
            note = rng.choice(WITHDRAW_NOTES)
        elif step == Status.OFFER:
            note = "Verbal offer, written offer to follow."
        moves.change_status(application=application, to=step, occurred_at=when, note=note)
        if step == Status.INTERVIEWING:
            when += timedelta(days=rng.randint(8, 20))
        if rng.random() < 0.15 and when + timedelta(days=1) < now:
            notes.add_note(
                application=application,
                text=rng.choice(NOTES),
                occurred_at=when + timedelta(days=1),
            )


def _interview_rounds(
    application: Application, start: datetime, now: datetime, rng: random.Random
) -> None:
    rounds = rng.sample(INTERVIEW_ROUNDS[1:], k=rng.randint(1, 3))
    when = start
    for name, kind in rounds:
        when += timedelta(days=rng.randint(3, 8))
        if when > now:
            return
        notes.add_interview_round(
            application=application,
            name=name,
            kind=kind,
            scheduled_at=when,
            occurred_at=when - timedelta(days=2),
            notes=rng.choice(["", "Went well.", "Tough questions on databases.", ""]),
        )


# --- benchmark data: bulk inserts shaped like what the services write --------------------

BENCH_PATHS: list[tuple[tuple[str, ...], int]] = [
    ((), 25),
    ((Status.REJECTED,), 30),
    ((Status.GHOSTED,), 12),
    ((Status.SCREENING,), 8),
    ((Status.SCREENING, Status.REJECTED), 8),
    ((Status.SCREENING, Status.INTERVIEWING), 7),
    ((Status.SCREENING, Status.INTERVIEWING, Status.REJECTED), 6),
    ((Status.SCREENING, Status.INTERVIEWING, Status.OFFER), 2),
    ((Status.WITHDRAWN,), 2),
]


def build_bench_data(
    *, user: User, count: int, events_per_application: int, rng: random.Random
) -> tuple[int, int]:
    now = timezone.now()
    today = timezone.localdate(now)
    tags = Tag.objects.bulk_create([Tag(user=user, name=name, color=color) for name, color in TAGS])
    rows: list[Application] = []
    plans: list[tuple[datetime, tuple[str, ...]]] = []
    for _ in range(count):
        listing = _listing(rng)
        days_ago = rng.randint(0, 365)
        applied_on = today - timedelta(days=days_ago)
        start = min(_at(applied_on, rng), now)
        path = _weighted(rng, BENCH_PATHS)[: max(0, events_per_application - 1)]
        # Steps are spread between the start and now so nothing lands in the future.
        span = (now - start) / (events_per_application + 1)
        status = path[-1] if path else Status.APPLIED
        rows.append(
            Application(
                user=user,
                company=listing.company,
                role=listing.role,
                location=listing.location,
                work_mode=listing.work_mode,
                source=listing.source,
                salary_min=listing.salary_min,
                salary_max=listing.salary_max,
                salary_currency=listing.currency,
                status=status,
                applied_date=applied_on,
                created_at=start,
                last_activity_at=start + span * (events_per_application - 1),
            )
        )
        plans.append((start, path))
    Application.objects.bulk_create(rows, batch_size=1000)
    through = Application.tags.through
    links = [
        through(application_id=row.pk, tag_id=tag.pk)
        for row in rows
        for tag in rng.sample(tags, k=rng.choice([0, 0, 1, 1, 2]))
    ]
    through.objects.bulk_create(links, batch_size=5000)
    events: list[Event] = []
    for row, (start, path) in zip(rows, plans, strict=True):
        span = (now - start) / (events_per_application + 1)
        events.append(
            Event(
                user=user,
                application=row,
                kind=EventKind.CREATED,
                source=EventSource.MANUAL,
                to_status=Status.APPLIED,
                occurred_at=start,
            )
        )
        previous = Status.APPLIED
        for step in range(1, events_per_application):
            when = start + span * step
            if step - 1 < len(path):
                events.append(
                    Event(
                        user=user,
                        application=row,
                        kind=EventKind.STATUS_CHANGE,
                        source=EventSource.MANUAL,
                        from_status=previous,
                        to_status=path[step - 1],
                        occurred_at=when,
                    )
                )
                previous = path[step - 1]
            else:
                events.append(
                    Event(
                        user=user,
                        application=row,
                        kind=EventKind.NOTE,
                        source=EventSource.MANUAL,
                        note=NOTES[step % len(NOTES)],
                        occurred_at=when,
                    )
                )
        if len(events) >= 20_000:
            Event.objects.bulk_create(events, batch_size=5000)
            events = []
    Event.objects.bulk_create(events, batch_size=5000)
    bump_user_data_version(user.pk)
    return count, Event.objects.filter(user=user).count()

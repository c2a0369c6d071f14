"""Deterministic bulk job-search histories for the dashboard benchmark and query-count tests.

Builds thousands of applications with realistic timelines (created → screening → interviews →
offer/rejection/withdrawal/ghosting, plus notes) using ``bulk_create``, so 5,000 applications
and 50,000 events take seconds. It bypasses ``applications.services`` for speed, so it bumps
the user's data version itself.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource, Source, Tag
from applications.status import Status
from orbit.cache import bump_user_data_version

SOURCES = [
    Source.LINKEDIN,
    Source.REFERRAL,
    Source.COMPANY_SITE,
    Source.RECRUITER,
    Source.JOB_BOARD,
]
TAG_NAMES = ["backend", "remote", "startup", "fintech", "dream job"]


def _path(rng: random.Random) -> list[str]:
    """The statuses one application moves through after applied, ending in its outcome."""
    roll = rng.random()
    if roll < 0.35:
        return []  # still waiting, or silently ghosted by inactivity
    if roll < 0.55:
        return [Status.REJECTED]
    if roll < 0.62:
        return [Status.GHOSTED]
    if roll < 0.66:
        return [Status.WITHDRAWN]
    path = [Status.SCREENING]
    roll = rng.random()
    if roll < 0.3:
        return [*path, Status.REJECTED]
    path.append(Status.INTERVIEWING)
    roll = rng.random()
    if roll < 0.55:
        return [*path, Status.REJECTED]
    if roll < 0.65:
        return path
    path.append(Status.OFFER)
    return [*path, Status.ACCEPTED] if rng.random() < 0.4 else path


@transaction.atomic
def seed_history(
    *, user, applications: int = 5000, events_per_application: int = 10, seed: int = 4
) -> tuple[int, int]:
    """Give ``user`` a job search; returns (applications, events) created."""
    rng = random.Random(seed)
    now = timezone.now()
    tags = [
        Tag.objects.get_or_create(user=user, name=name, defaults={"color": "blue"})[0]
        for name in TAG_NAMES
    ]
    rows: list[Application] = []
    timelines: list[list[tuple[str, str, str, datetime]]] = []
    for index in range(applications):
        applied_on = (now - timedelta(days=rng.randint(0, 364))).date()
        moment = timezone.make_aware(datetime.combine(applied_on, time(9))) + timedelta(
            minutes=rng.randint(0, 600)
        )
        moment = min(moment, now)
        timeline = [(EventKind.CREATED, "", Status.APPLIED, moment)]
        current = Status.APPLIED
        for status in _path(rng):
            moment = min(moment + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8)), now)
            if status == Status.INTERVIEWING:
                timeline.append((EventKind.STATUS_CHANGE, current, status, moment))
                for _ in range(rng.randint(1, 3)):
                    moment = min(moment + timedelta(days=rng.randint(1, 6)), now)
                    timeline.append((EventKind.INTERVIEW, "", "", moment))
            else:
                timeline.append((EventKind.STATUS_CHANGE, current, status, moment))
            current = status
        while len(timeline) < events_per_application:
            note_at = min(timeline[-1][3] + timedelta(hours=rng.randint(1, 48)), now)
            timeline.append((EventKind.NOTE, "", "", note_at))
        rows.append(
            Application(
                user=user,
                company=f"Company {index % 1500}",
                role=rng.choice(["Backend engineer", "Data engineer", "SRE", "Product engineer"]),
                source=rng.choice(SOURCES),
                status=current,
                applied_date=applied_on,
                created_at=timeline[0][3],
                last_activity_at=max(event[3] for event in timeline),
            )
        )
        timelines.append(timeline)
    created = Application.objects.bulk_create(rows, batch_size=1000)
    events = [
        Event(
            user=user,
            application_id=application.pk,
            kind=kind,
            source=EventSource.SYSTEM,
            from_status=from_status,
            to_status=to_status,
            occurred_at=when,
            interview_name="Interview" if kind == EventKind.INTERVIEW else "",
            interview_kind="video" if kind == EventKind.INTERVIEW else "",
            note="Followed up" if kind == EventKind.NOTE else "",
        )
        for application, timeline in zip(created, timelines, strict=True)
        for kind, from_status, to_status, when in timeline
    ]
    Event.objects.bulk_create(events, batch_size=5000)
    through = Application.tags.through
    through.objects.bulk_create(
        [
            through(application_id=application.pk, tag_id=tag.pk)
            for application in created
            for tag in rng.sample(tags, rng.randint(0, 2))
        ],
        batch_size=5000,
    )
    bump_user_data_version(user.pk)
    return len(created), len(events)

"""Store a planned job search for a user, in bulk: 5,000 applications and 50,000 events take
seconds. It bypasses `applications.services` for speed, so it writes what they would (the
timeline's last activity, tag links) and bumps the user's data version itself."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Event, EventSource, Tag
from devtools.demo import catalogue
from devtools.demo.plan import JobSearch, bench_search
from orbit.cache import bump_user_data_version


@transaction.atomic
def write_search(search: JobSearch, *, user) -> tuple[int, int]:
    """Give `user` the search's tracked applications; returns (applications, events) written."""
    tags = {
        name: Tag.objects.get_or_create(user=user, name=name, defaults={"color": color})[0]
        for name, color in catalogue.TAGS
    }
    planned = search.tracked
    rows = Application.objects.bulk_create(
        [
            Application(
                user=user,
                company=item.listing.company,
                role=item.listing.role,
                job_url=item.listing.job_url,
                location=item.listing.location,
                work_mode=item.listing.work_mode,
                source=item.listing.source,
                salary_min=item.listing.salary_min,
                salary_max=item.listing.salary_max,
                salary_currency=item.listing.currency,
                status=item.status,
                applied_date=item.applied_date,
                notes=item.notes,
                created_at=item.created_at,
                last_activity_at=item.last_activity_at,
            )
            for item in planned
        ],
        batch_size=1000,
    )
    through = Application.tags.through
    through.objects.bulk_create(
        [
            through(application_id=row.pk, tag_id=tags[name].pk)
            for row, item in zip(rows, planned, strict=True)
            for name in item.tags
        ],
        batch_size=5000,
    )
    events = [
        Event(
            user=user,
            application_id=row.pk,
            kind=step.kind,
            source=EventSource.MANUAL,
            from_status=step.from_status,
            to_status=step.to_status,
            occurred_at=step.at,
            note=step.note,
            interview_name=step.interview_name,
            interview_kind=step.interview_kind,
            interview_at=step.interview_at,
        )
        for row, item in zip(rows, planned, strict=True)
        for step in item.steps
    ]
    Event.objects.bulk_create(events, batch_size=5000)
    bump_user_data_version(user.pk)
    return len(rows), len(events)


def write_bench_search(
    *,
    user,
    applications: int,
    events_per_application: int | None = None,
    seed: int | str = 0,
    generated_companies: bool = False,
) -> tuple[int, int]:
    """Benchmark data for `user`, dated up to now (see plan.bench_search)."""
    search = bench_search(
        anchor=timezone.now(),
        seed=seed,
        applications=applications,
        events_per_application=events_per_application,
        generated_companies=generated_companies,
    )
    return write_search(search, user=user)

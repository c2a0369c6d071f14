"""seed_demo and runorbit: the demo account, benchmark users and the local runner."""

import io
import time

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from applications.models import Application, Event, EventKind, Tag
from applications.status import TRANSITIONS, Status
from devtools.management.commands.runorbit import child_commands
from orbit.models import User

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@override_settings(DEMO_EMAIL="demo@orbit.test", DEMO_PASSWORD="demo-pass-123")
def test_seed_demo_builds_a_realistic_search_once():
    """~150 applications over ~5 months with every kind of outcome; a second run keeps them."""
    output = run("seed_demo")
    user = User.objects.get(email="demo@orbit.test")
    assert user.check_password("demo-pass-123")
    assert "150 applications" in output
    applications = Application.objects.filter(user=user)
    assert applications.count() == 150
    counts = dict(applications.values_list("status").annotate(n=Count("id")))
    assert counts[Status.ACCEPTED] == 1
    assert 2 <= counts[Status.OFFER] <= 5
    assert counts[Status.REJECTED] > counts[Status.APPLIED] / 2
    for status in (Status.WISHLIST, Status.SCREENING, Status.INTERVIEWING, Status.GHOSTED):
        assert counts.get(status, 0) >= 2, status
    assert counts.get(Status.WITHDRAWN, 0) >= 2
    oldest = applications.exclude(applied_date=None).order_by("applied_date").first()
    assert 120 <= (timezone.localdate() - oldest.applied_date).days <= 155
    assert not applications.filter(applied_date__gt=timezone.localdate()).exists()
    assert {"dream job", "remote", "referral", "fintech"} <= set(
        Tag.objects.filter(user=user).values_list("name", flat=True)
    )
    assert len(set(applications.values_list("source", flat=True))) >= 4
    events = Event.objects.filter(user=user)
    assert events.filter(kind=EventKind.INTERVIEW).count() >= 10
    assert not events.filter(occurred_at__gt=timezone.now()).exists()
    # Every timeline is a legal walk through the state machine ending at the current status.
    for application in applications.prefetch_related("events"):
        moves = sorted(
            (e for e in application.events.all() if e.kind == EventKind.STATUS_CHANGE),
            key=lambda e: (e.occurred_at, e.pk),
        )
        status = next(e.to_status for e in application.events.all() if e.kind == EventKind.CREATED)
        for move in moves:
            assert move.from_status == status and move.to_status in TRANSITIONS[status]
            status = move.to_status
        assert status == application.status

    before = (applications.count(), events.count())
    assert "already has 150 applications" in run("seed_demo")
    assert (applications.count(), events.count()) == before


def test_seed_bench_is_fast_consistent_and_idempotent():
    """Bulk benchmark data: right counts, statuses matching the events, skipped on rerun."""
    started = time.perf_counter()
    output = run("seed_demo", users=2, applications=300, events_per_application=4, prefix="t")
    elapsed = time.perf_counter() - started
    assert "t-0@orbit.local: 300 applications, 1200 events" in output
    assert elapsed < 20
    user = User.objects.get(email="t-1@orbit.local")
    assert Application.objects.filter(user=user).count() == 300
    assert Event.objects.filter(user=user).count() == 1200
    sample = Application.objects.filter(user=user).prefetch_related("events")[:50]
    for application in sample:
        last = max(
            (e for e in application.events.all() if e.to_status), key=lambda e: e.occurred_at
        )
        assert last.to_status == application.status
    second = run("seed_demo", users=2, applications=300, events_per_application=4, prefix="t")
    assert second.count("already seeded") == 2
    assert Event.objects.filter(user=user).count() == 1200


def test_seed_bench_is_deterministic():
    run("seed_demo", users=1, applications=40, events_per_application=3, prefix="a")
    run("seed_demo", users=1, applications=40, events_per_application=3, prefix="b", seed=2026)
    first = list(
        Application.objects.filter(user__email="a-0@orbit.local")
        .order_by("pk")
        .values_list("company", "role", "status")
    )
    second = list(
        Application.objects.filter(user__email="b-0@orbit.local")
        .order_by("pk")
        .values_list("company", "role", "status")
    )
    assert first == second


def test_runorbit_child_commands_debug_and_production():
    """runserver in DEBUG, gunicorn otherwise; the worker always; the fake Gmail when this
    Orbit talks to one."""
    debug = child_commands(
        host="0.0.0.0",
        port=9000,
        debug=True,
        available_commands={"qcluster", "run_fake_gmail"},
        fake_gmail_url="",
        python="py",
    )
    assert debug["web"][1:] == [debug["web"][1], "runserver", "0.0.0.0:9000", "--noreload"]
    assert debug["worker"][-1] == "qcluster"
    assert "fake-gmail" not in debug
    production = child_commands(
        host="127.0.0.1",
        port=8001,
        debug=False,
        available_commands={"qcluster", "run_fake_gmail"},
        fake_gmail_url="http://127.0.0.1:8765/",
        python="py",
    )
    assert production["web"][:3] == ["py", "-m", "gunicorn"]
    assert "127.0.0.1:8001" in production["web"]
    assert production["web"][-1] == "orbit.wsgi:application"
    assert production["fake-gmail"][-1] == "run_fake_gmail"


def test_runorbit_banner_prints_url_and_demo_login():
    from devtools.management.commands.runorbit import Command

    out = io.StringIO()
    command = Command(stdout=out)
    with override_settings(DEMO_EMAIL="demo@orbit.test", DEMO_PASSWORD="pw-123"):
        command.print_banner("127.0.0.1", 8000, ["web", "worker"])
    assert "http://localhost:8000/" in out.getvalue()
    assert "demo@orbit.test / pw-123" in out.getvalue()

"""Server time of the analytics dashboard for a user with 5,000 applications and 50,000 events.

    .venv/bin/python bench/dashboard.py [--applications 5000] [--events-per-application 10]
                                        [--cold 30] [--warm 300] [--reseed]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/orbit_bench, created and migrated
if missing) and REDIS_URL when set (local memory otherwise). Seeds one user deterministically
with bulk inserts, then times GET /analytics/ through Django's test Client (middleware, session,
queries, template: everything but the network): cold (the user's data version bumped, so every
figure is recomputed) and warm (the cached page: session, user and Review-count queries plus
one Redis call). The seeded tables are vacuumed first (autovacuum is off on the dev server).
The load average is printed at start and end: the 2-core machine is shared, and timings under
load say more about the neighbours than about the dashboard. Goal on the dev machine:
median ≤ 60 ms cold, ≤ 5 ms warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbit.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/orbit_bench")
os.environ.setdefault("TESTING", "1")  # plain static storage and no HTTPS redirect
os.environ.setdefault("LOG_LEVEL", "WARNING")  # one log line per request would skew timings

BENCH_EMAIL = "bench-dashboard@orbit.local"


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    try:
        psycopg.connect(url, connect_timeout=5).close()
        return
    except psycopg.OperationalError:
        pass
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--events-per-application", type=int, default=10)
    parser.add_argument("--cold", type=int, default=30, help="cold repetitions")
    parser.add_argument("--warm", type=int, default=300, help="warm repetitions")
    parser.add_argument("--reseed", action="store_true", help="drop the bench user and reseed")
    args = parser.parse_args()

    print(f"load average at start: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0, skip_checks=True)

    from applications.models import Application, Event
    from devtools.demo.write import write_bench_search
    from orbit.cache import user_data_version
    from orbit.models import User

    user = User.objects.filter(email=BENCH_EMAIL).first()
    if user is not None and args.reseed:
        user.delete()
        user = None
    if user is None:
        user = User.objects.create_user(BENCH_EMAIL, "bench-password-123")
        started = time.perf_counter()
        write_bench_search(
            user=user,
            applications=args.applications,
            events_per_application=args.events_per_application,
        )
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    # Reseeds leave dead rows behind, and autovacuum is off on the shared dev server, so a
    # bloated table would be timed, not the query: vacuum as a production server would have.
    with connection.cursor() as cursor:
        for table in ("applications_application", "applications_event", "applications_tag"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("VACUUM ANALYZE applications_application_tags")
    applications = Application.objects.filter(user=user).count()
    events = Event.objects.filter(user=user).count()
    print(f"user {user.email}: {applications} applications, {events} events")

    from django.core.cache import cache

    client = Client()
    client.force_login(user)

    def bump() -> None:
        user_data_version(user.pk)
        cache.incr(f"user-data-version:{user.pk}")

    def timed_get() -> float:
        started = time.perf_counter()
        response = client.get("/analytics/")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    for _ in range(3):  # warm up imports, template loading and connections
        bump()
        timed_get()

    cold = []
    for _ in range(args.cold):
        bump()
        cold.append(timed_get())
    timed_get()
    warm = [timed_get() for _ in range(args.warm)]

    def count_queries() -> int:
        # The test client resets Django's query log per request, so count with a wrapper.
        seen: list[str] = []

        def wrapper(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            timed_get()
        return len(seen)

    bump()
    cold_queries = count_queries()
    warm_queries = count_queries()

    redis_url = os.environ.get("REDIS_URL")
    print(f"cache: {'Redis ' + redis_url if redis_url else 'local memory'}")
    print(f"load average at end: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    for label, values, queries in (
        ("cold", cold, cold_queries),
        ("warm", warm, warm_queries),
    ):
        print(
            f"{label}: median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 0.95):.1f} ms, min {min(values):.1f} ms "
            f"over {len(values)} requests; {queries} queries"
        )


if __name__ == "__main__":
    main()

"""Seed the demo account with a realistic job search, or large deterministic benchmark data.

    manage.py seed_demo                                   # the demo account, ~150 applications
    manage.py seed_demo --reset                           # the demo account, afresh
    manage.py seed_demo --users 1 --applications 5000 --events-per-application 10

Both draw from one builder (devtools.demo.plan), deterministic for a seed, and are
idempotent: a user that already has applications is left alone, so running the command twice
keeps the data.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser

from applications.models import Application
from devtools.demo.account import seed_demo_account
from devtools.demo.plan import DEMO_SEED
from devtools.demo.write import write_bench_search
from orbit.models import User


class Command(BaseCommand):
    help = "Seed the demo account, or --users N --applications M for benchmark data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, help="benchmark users to create")
        parser.add_argument("--applications", type=int, default=1000, help="per benchmark user")
        parser.add_argument("--events-per-application", type=int, default=5)
        parser.add_argument("--prefix", default="bench", help="benchmark emails: PREFIX-<i>@…")
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo account (its mail included) and seed it afresh",
        )

    def handle(self, *args, **options) -> None:
        if options["users"] is None:
            if options["reset"]:
                deleted = User.objects.filter(email__iexact=settings.DEMO_EMAIL).delete()[0]
                if deleted:
                    self.stdout.write(f"Deleted the demo account {settings.DEMO_EMAIL}.")
            self.seed_demo(seed=options["seed"])
        else:
            self.seed_bench(
                users=options["users"],
                applications=options["applications"],
                events_per_application=max(1, options["events_per_application"]),
                prefix=options["prefix"],
                seed=options["seed"],
            )

    def seed_demo(self, *, seed: int) -> None:
        email = settings.DEMO_EMAIL
        started = time.perf_counter()
        user, applications, events = seed_demo_account(
            email=email, password=settings.DEMO_PASSWORD, seed=seed
        )
        if not applications:
            existing = Application.objects.filter(user=user).count()
            self.stdout.write(f"Demo account {email} already has {existing} applications; kept.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {email}: {applications} applications, {events} events "
                f"in {time.perf_counter() - started:.1f}s."
            )
        )

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
            written, events = write_bench_search(
                user=user,
                seed=f"{seed}-{index}",
                applications=applications,
                events_per_application=events_per_application,
            )
            self.stdout.write(
                f"{email}: {written} applications, {events} events "
                f"in {time.perf_counter() - started:.1f}s."
            )

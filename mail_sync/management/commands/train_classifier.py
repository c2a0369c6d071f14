"""Train the mail classifier from the committed corpus into the model directory."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from mail_sync.classifier import artifact, corpus


class Command(BaseCommand):
    help = (
        "Train the mail classifier from mail_sync/classifier/corpus/ into the model directory "
        "(ORBIT_CLASSIFIER_DIR, default var/classifier/). Deterministic; does nothing when the "
        "current version is built already. Needs no database and no network."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        examples = corpus.load()
        path = artifact.build()
        model = artifact.Model.from_files(path)
        thresholds = ", ".join(
            f"{kind}={'never' if value is None else f'{value:.3f}'}"
            for kind, value in model.thresholds.items()
            if kind != "other"
        )
        self.stdout.write(f"model {model.version} from {len(examples)} messages at {path}")
        self.stdout.write(f"automatic thresholds: {thresholds}")
        self.stdout.write(f"seconds={time.perf_counter() - started:.1f}")

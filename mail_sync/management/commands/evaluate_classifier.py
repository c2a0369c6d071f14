"""Measure the mail classifier on authors it was not trained on."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mail_sync.classifier import corpus
from mail_sync.classifier.evaluation import (
    company_leave_one_author_out,
    leave_one_author_out,
    render,
)


class Command(BaseCommand):
    help = (
        "Leave-one-author-out evaluation of the mail classifier on the committed corpus: for "
        "each author, train on all the others and read the left-out author's mail. Prints the "
        "confusion matrix, the automatic-change figures, company and role accuracy, then one "
        "line per kind and the accuracy, last. --baseline scores the phrase rules alone."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--baseline", action="store_true", help="score the phrase rules alone, no model"
        )
        parser.add_argument(
            "--exclude", default="", help="comma-separated authors to leave out entirely"
        )
        parser.add_argument(
            "--company",
            action="store_true",
            help="the company ranker alone (labelled kinds), beside the hand-written extractor",
        )
        parser.add_argument(
            "--mistakes",
            type=Path,
            help="write each message read as the wrong kind or company here, as JSON Lines",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        excluded = {name for name in options["exclude"].split(",") if name}
        examples = [e for e in corpus.load() if e.author not in excluded]
        if len({e.author for e in examples}) < 2:
            raise CommandError("leave-one-author-out needs at least two authors")
        self.stderr.write(corpus.summary(examples))
        if options["company"]:
            for line in company_leave_one_author_out(examples, progress=self.stderr.write):
                self.stdout.write(line)
            self.stderr.write(f"seconds={time.perf_counter() - started:.1f}")
            return
        report = leave_one_author_out(
            examples, baseline=options["baseline"], progress=self.stderr.write
        )
        self.stderr.write(f"seconds={time.perf_counter() - started:.1f}")
        if options["mistakes"]:
            with options["mistakes"].open("w") as out:
                for row in report.mistakes():
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        for line in render(report):
            self.stdout.write(line)

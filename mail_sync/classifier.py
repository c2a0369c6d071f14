"""Deterministic, explainable classification of job-search mail (minimal first version)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS: tuple[str, ...] = (
    "confirmation",
    "rejection",
    "interview",
    "assessment",
    "offer",
    "recruiter",
    "other",
)


@dataclass(frozen=True)
class Classification:
    kind: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None


_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rejection", re.compile(r"not (?:be )?moving forward|other candidates", re.I)),
    ("offer", re.compile(r"extend (?:you )?an offer|offer letter", re.I)),
    ("assessment", re.compile(r"assessment|coding challenge|take-home", re.I)),
    ("interview", re.compile(r"schedule (?:an|your) interview|interview invitation", re.I)),
    ("confirmation", re.compile(r"thank you for (?:applying|your application)", re.I)),
)


def classify(*, sender: str, subject: str, body: str) -> Classification:
    """Return the kind of a message, with the rule that decided it."""
    text = f"{subject}\n{body}"
    for kind, pattern in _RULES:
        if pattern.search(text):
            return Classification(kind, 0.6, [f"phrase {pattern.pattern!r} ({kind})"])
    return Classification("other", 0.5, ["no job-mail rule fired"])

"""What the hand-written knowledge sees in a message: sender platform, rule hits, clean text.

`gather()` does the work every reading of a message shares: it unwraps a forward (a forwarded
message is judged by its original sender, subject and body), drops quoted replies, parses the
sender against the platform tables, folds accents, strips hypothetical and conditional clauses
("If you are not selected…", "Falls Ihr Profil passt…") and runs the weighted phrase rules over
the subject and what is left of the body. The learned model takes its features from the
result; `rules_verdict()` is the rules' own decision, kept as the baseline the model is
measured against (`evaluate_classifier --baseline`).

Rules' decision (the baseline): a kind is eligible when its score reaches `ELIGIBLE`; among
eligible kinds the first in `PRECEDENCE` wins; marketing signals veto it unless the sender is a
job platform; with nothing eligible, a job or company sender's strongest kind counts from `WEAK`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mail_sync.classifier.extract import find_company, find_role, lower_same_length
from mail_sync.classifier.rules import RULES, fold, matching_rules, words_of
from mail_sync.classifier.senders import Sender, parse_sender
from mail_sync.classifier.text import (
    clean_subject,
    drop_quoted,
    strip_hypotheticals,
    unwrap_forward,
)

PRECEDENCE: tuple[str, ...] = (
    "rejection",
    "offer",
    "assessment",
    "interview",
    "confirmation",
    "recruiter",
)
ELIGIBLE = 0.5
WEAK = 0.3
JOB_SENDER_BONUS = 0.2
# Outweighs any pile of interview phrases: practice vendors write "interview" in every line.
PREP_SENDER_WEIGHT = 3.0
# Only this much of a body is read: job mail says what it is early, and it bounds the cost.
MAX_BODY_CHARS = 20_000


if TYPE_CHECKING:
    from mail_sync.classifier.extract.ranker import CompanyRanker


@dataclass(frozen=True)
class RuleHit:
    kind: str  # a job kind, or "marketing" for the "not job mail" side
    label: str
    where: str  # "subject" or "body"
    weight: float


@dataclass
class Evidence:
    """One message as the rules read it; the model's features come from here."""

    sender: Sender
    subject: str  # reply/forward prefixes dropped, original case
    body: str  # newest message only, original case
    subject_folded: str
    body_folded: str  # hypotheticals stripped
    body_words: set[bytes]
    forwarded: bool
    dropped: list[str]
    # A reply's subject is the thread's, which may be about another company than its body.
    reply: bool = False
    hits: list[RuleHit] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # job kinds only
    marketing: float = 0.0
    job_bonus: float = 0.0
    notes: list[str] = field(default_factory=list)  # what the reading did, for the reasons

    @property
    def sender_kind(self) -> str:
        """The sender's platform family: ats, scheduling, assessment, board, prep, company…"""
        parsed = self.sender
        for name in ("ats", "scheduling", "assessment", "board", "prep"):
            if getattr(parsed, name):
                return name
        if parsed.is_company_domain:
            return "company"
        return "mailbox" if parsed.domain else "none"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gather(*, sender: str, subject: str, body: str) -> Evidence:
    """Read one message: unwrap, clean, parse the sender and run every phrase rule."""
    subject = subject or ""
    body = (body or "")[:MAX_BODY_CHARS]
    notes: list[str] = []
    subject_text = clean_subject(subject)
    reply = subject_text != subject.strip()
    original_sender, body, inner_subject = unwrap_forward(sender or "", body)
    forwarded = original_sender != (sender or "")
    if forwarded:
        notes.append(f"forwarded message: judged by original sender {_short(original_sender, 60)}")
    if inner_subject:
        subject_text = clean_subject(inner_subject) or subject_text
    body = drop_quoted(body)
    parsed = parse_sender(original_sender)

    scores: dict[str, float] = {}
    marketing = 0.0
    job_bonus = 0.0
    if parsed.ats:
        job_bonus = JOB_SENDER_BONUS
        notes.append(f"sender domain {parsed.domain} is an ATS ({parsed.ats})")
    elif parsed.scheduling:
        job_bonus = JOB_SENDER_BONUS
        scores["interview"] = 0.4
        notes.append(f"sender domain {parsed.domain} is a scheduling tool ({parsed.scheduling})")
    elif parsed.assessment:
        job_bonus = JOB_SENDER_BONUS
        scores["assessment"] = 0.5
        notes.append(
            f"sender domain {parsed.domain} is an assessment platform ({parsed.assessment})"
        )
    elif parsed.board:
        marketing = 0.3
        notes.append(f"sender domain {parsed.domain} is a job board ({parsed.board})")
    elif parsed.prep:
        marketing = PREP_SENDER_WEIGHT
        notes.append(f"sender domain {parsed.domain} sells interview practice ({parsed.prep})")

    subject_folded = fold(subject_text.lower().replace("’", "'"))
    body_folded = fold(body.lower().replace("’", "'"))
    # Stripping only removes text, so the words of the whole body are a safe superset to gate on.
    body_words = words_of(body_folded)
    body_folded, dropped = strip_hypotheticals(body_folded, body_words)
    if dropped:
        shown = "; ".join(f"'{_short(clause, 60)}'" for clause in dropped[:2])
        more = f" and {len(dropped) - 2} more" if len(dropped) > 2 else ""
        notes.append(f"ignored hypothetical/conditional text: {shown}{more}")

    hits: list[RuleHit] = []
    subject_hits = matching_rules(subject_folded, words_of(subject_folded))
    body_hits = matching_rules(body_folded, body_words)
    for index in sorted(subject_hits | body_hits):
        rule = RULES[index]
        if index in subject_hits:
            weight, where = rule.subject_weight, "subject"
        else:
            weight, where = rule.body_weight, "body"
        if not weight:
            continue
        hits.append(RuleHit(rule.kind, rule.label, where, weight))
        if rule.kind == "marketing":
            marketing += weight
        else:
            scores[rule.kind] = scores.get(rule.kind, 0.0) + weight
    return Evidence(
        sender=parsed,
        subject=subject_text,
        body=body,
        subject_folded=subject_folded,
        body_folded=body_folded,
        body_words=body_words,
        forwarded=forwarded,
        dropped=dropped,
        reply=reply,
        hits=hits,
        scores=scores,
        marketing=marketing,
        job_bonus=job_bonus,
        notes=notes,
    )


def _confidence(evidence: float) -> float:
    return round(min(0.99, max(0.05, 1.0 - math.exp(-1.5 * evidence))), 2)


def rules_verdict(evidence: Evidence) -> tuple[str, float]:
    """The hand-written rules' own kind and confidence: the baseline the model must beat."""
    scores = evidence.scores
    parsed = evidence.sender
    eligible = [kind for kind in PRECEDENCE if scores.get(kind, 0.0) >= ELIGIBLE]
    if eligible:
        kind = eligible[0]
        if evidence.marketing >= scores[kind] and not parsed.platform:
            return "other", 0.5
        confidence = _confidence(scores[kind] + evidence.job_bonus)
        if max(scores.values()) > scores[kind]:
            confidence = round(confidence * 0.85, 2)
        return kind, confidence
    if scores and (parsed.platform or parsed.is_company_domain) and evidence.marketing < WEAK:
        best = max(PRECEDENCE, key=lambda k: (scores.get(k, 0.0), -PRECEDENCE.index(k)))
        if scores.get(best, 0.0) >= WEAK:
            return best, _confidence(scores[best] + evidence.job_bonus)
    strongest = max(scores.values(), default=0.0)
    return "other", _confidence(max(0.1, 0.4 + evidence.marketing - strongest))


def extract_fields(
    evidence: Evidence, kind: str, ranker: CompanyRanker | None = None
) -> tuple[str | None, str | None, list[str]]:
    """Company and role (job kinds, or any mail from a job platform), with where each came from.

    With a `ranker` (the learned one of `extract.ranker`), the rules' company is one candidate
    among all the names in the message."""
    if kind == "other" and not evidence.sender.platform:
        return None, None, []
    reasons: list[str] = []
    lowered = lower_same_length(evidence.body)
    company, source = find_company(
        evidence.sender, evidence.subject, evidence.body, lowered, evidence.body_words
    )
    # The display name of a non-person sender is the rules' surest source (read right 0.87 of
    # the time on held-out authors, 0.91 with the ranker): the ranker's cost is spent elsewhere.
    if ranker is not None and source != "display name":
        ranked, where = ranker.pick(evidence, company)
        if where and ranked != company:
            company, source = ranked, f"{where} (the likeliest of the names in the message)"
    if company:
        reasons.append(f"company '{company}' from {source}")
    role = find_role(evidence.subject, evidence.body, lowered, evidence.body_words, company)
    if role:
        reasons.append(f"role '{role}' from subject/body")
    return company, role, reasons

"""Deterministic, explainable classification of job-search mail.

`classify()` answers three questions about one message: what kind of job mail it is, which
company it concerns and for which role. Every decision is a named rule, so the reasons that
fired can be shown to the user and to support staff (`manage.py classify_emails`).

Languages: English, German, French and Spanish. Each has its own phrase rules for every kind
(formal and informal address: Sie/du, vous/tu, usted/tú), its own hypothetical clauses and
its own company and role phrasings ("Ihre Bewerbung bei Acme als X", "votre candidature chez
Acme pour le poste de X", "tu candidatura en Acme para el puesto de X"). Rules read folded
text: accents are dropped and umlauts written out ("für" and "fuer" both read "fuer", "reçu"
reads "recu"), so accented and unaccented spellings match alike. Mail in other languages
scores only through the sender and any English in it.

How a message is scored
-----------------------
1. The sender is parsed. Known applicant-tracking (ATS), scheduling and assessment platforms
   mark the message as job mail (a context bonus); scheduling and assessment platforms also
   add weight to `interview` / `assessment`. Interview-practice vendors (LeetCode, Exponent…)
   count heavily for "not job mail". Job boards and alert senders add weight to the
   "not job mail" side. A forwarded message ("Fwd:") is judged by its original sender.
2. Hypothetical and conditional clauses are removed from the body before any phrase is
   matched: a sentence that opens with a condition ("If you are not selected…", "Should we
   decide to move forward, we will reach out…", "Falls Ihr Profil passt…", "Si votre profil
   correspond…", "Si tu perfil encaja…"), the tail of a sentence from a mid-sentence
   condition on, clauses that only promise future contact ("a recruiter will contact you",
   "nous vous contacterons pour un entretien"), and descriptions of the hiring process and of
   how many applications arrive. Quoted replies are dropped too.
3. Weighted phrase rules run over the subject and the remaining body. Each rule counts once,
   with its subject weight when it matches the subject (subjects weigh more), otherwise its
   body weight. A kind's score is the sum of its rules' weights.
4. A kind is eligible when its score reaches `ELIGIBLE` (0.5). Among eligible kinds the one
   first in `PRECEDENCE` wins (rejection > offer > assessment > interview > confirmation >
   recruiter), so a rejection that mentions an interview is still a rejection. Marketing and
   job alerts veto the result (kind `other`) when their own score is at least as high as the
   winner's. With nothing eligible, a message from a job platform or from a company's own
   domain takes its strongest kind if that reaches `WEAK` (0.3); anything else is `other`.

Company and role (only for job kinds, or any mail from a job platform), first source wins:
the display name with "Recruiting", "Careers", "via Greenhouse", "@ Workday"… stripped; a
bare display name on an ATS unless it is a person's name; the Workday tenant in the sender
address; the subject ("Thank you for applying to Acme", "Acme: Engineer"); the body ("applying
to Acme", "on behalf of Acme", "Acme has invited you", "your interest in Acme", "the role at
Acme", a sign-off); a tenant in an ATS URL (acme.wd5.myworkdayjobs.com,
boards.greenhouse.io/acme); the sender's own company domain, spelled as the message writes it
(robertwalters.com → "Robert Walters"); a recruiter's title line ("Talent Partner, Acme").
"Name via LinkedIn" and "Name via DocuSign" are people, and a person writing from their
employer's domain meets colleagues "with" names, so there the domain answers before "interview
with X". Platform names and generic words are never a company. The role comes from anchored
phrases ("for the X position", "application for X", "Position: X", "offer you the role of X")
or the parts of the subject; a leading requisition number ("R-12345 Analyst") is dropped.

Layout: `senders` knows the platforms, `text` cleans the body and strips hypotheticals,
`phrases` says how a rule is written, compiled and gated and folds accents, `rules` holds the
English weighted phrases and `rules_i18n` the German, French and Spanish ones, `extract` finds
the company and the role. Speed: every rule pattern starts with a literal and is filed under
the longest whole word of it (folded, so "für" gates as "fuer"), so a message only runs the
patterns whose word it contains; an ASCII message is never folded, and the German, French and
Spanish hypothetical clauses are looked for only when a word of theirs is in the message.
English mail pays a few per cent for the other languages (see `rules`, `text`).

Confidence
----------
For a job kind, evidence = the kind's score + the job-sender bonus, and
`confidence = 1 - exp(-1.5 * evidence)`, clipped to [0.05, 0.99]: 0.5 → 0.53, 1.0 → 0.78,
1.5 → 0.89, 2.0 → 0.95. When precedence overrode a kind with a higher score, the confidence
is multiplied by 0.85 (the mail says two things). For `other`, the evidence is 0.4 plus the
marketing score minus the best job-kind score, through the same curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mail_sync.classifier.extract import find_company, find_role, lower_same_length
from mail_sync.classifier.rules import RULES, fold, matching_rules, words_of
from mail_sync.classifier.senders import (
    ASSESSMENT_DOMAINS,
    ATS_DOMAINS,
    BOARD_DOMAINS,
    NON_COMPANY_DOMAINS,
    SCHEDULING_DOMAINS,
    parse_sender,
)
from mail_sync.classifier.text import (
    clean_subject,
    drop_quoted,
    strip_hypotheticals,
    unwrap_forward,
)

# The platform tables are public: the linker uses them to tell shared sender domains apart.
__all__ = [
    "ASSESSMENT_DOMAINS",
    "ATS_DOMAINS",
    "BOARD_DOMAINS",
    "KINDS",
    "NON_COMPANY_DOMAINS",
    "PRECEDENCE",
    "SCHEDULING_DOMAINS",
    "Classification",
    "classify",
]

KINDS: tuple[str, ...] = (
    "confirmation",
    "rejection",
    "interview",
    "assessment",
    "offer",
    "recruiter",
    "other",
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


@dataclass(frozen=True)
class Classification:
    kind: str  # one of KINDS
    confidence: float  # 0..1, see the module docstring
    reasons: list[str]  # the rules that fired, human-readable
    company: str | None
    role: str | None


def _confidence(evidence: float) -> float:
    return round(min(0.99, max(0.05, 1.0 - math.exp(-1.5 * evidence))), 2)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def classify(*, sender: str, subject: str, body: str) -> Classification:
    """Classify one message; see the module docstring for how scores become a kind."""
    subject = subject or ""
    body = (body or "")[:MAX_BODY_CHARS]
    reasons: list[str] = []

    subject_text = clean_subject(subject)
    original_sender, body, inner_subject = unwrap_forward(sender or "", body)
    if original_sender != (sender or ""):
        reasons.append(
            f"forwarded message: judged by original sender {_short(original_sender, 60)}"
        )
    if inner_subject:
        subject_text = clean_subject(inner_subject) or subject_text
    body = drop_quoted(body)
    parsed = parse_sender(original_sender)

    scores: dict[str, float] = {}
    job_bonus = 0.0
    if parsed.ats:
        job_bonus = JOB_SENDER_BONUS
        reasons.append(f"sender domain {parsed.domain} is an ATS ({parsed.ats}) (+0.2 job mail)")
    elif parsed.scheduling:
        job_bonus = JOB_SENDER_BONUS
        scores["interview"] = 0.4
        reasons.append(
            f"sender domain {parsed.domain} is a scheduling tool ({parsed.scheduling})"
            " (+0.2 job mail, interview +0.4)"
        )
    elif parsed.assessment:
        job_bonus = JOB_SENDER_BONUS
        scores["assessment"] = 0.5
        reasons.append(
            f"sender domain {parsed.domain} is an assessment platform ({parsed.assessment})"
            " (+0.2 job mail, assessment +0.5)"
        )
    elif parsed.board:
        scores["marketing"] = 0.3
        reasons.append(
            f"sender domain {parsed.domain} is a job board ({parsed.board}) (other +0.3)"
        )
    elif parsed.prep:
        scores["marketing"] = PREP_SENDER_WEIGHT
        reasons.append(
            f"sender domain {parsed.domain} sells interview practice ({parsed.prep})"
            f" (other +{PREP_SENDER_WEIGHT:g})"
        )

    subject_l = fold(subject_text.lower().replace("’", "'"))
    body_l = fold(body.lower().replace("’", "'"))
    # Stripping only removes text, so the words of the whole body are a safe superset to gate on.
    body_words = words_of(body_l)
    body_l, dropped = strip_hypotheticals(body_l, body_words)
    if dropped:
        shown = "; ".join(f"'{_short(clause, 60)}'" for clause in dropped[:2])
        more = f" and {len(dropped) - 2} more" if len(dropped) > 2 else ""
        reasons.append(f"ignored hypothetical/conditional text: {shown}{more}")

    subject_hits = matching_rules(subject_l, words_of(subject_l))
    body_hits = matching_rules(body_l, body_words)
    for index in sorted(subject_hits | body_hits):
        rule = RULES[index]
        if index in subject_hits:
            weight, where = rule.subject_weight, "subject"
        else:
            weight, where = rule.body_weight, "body"
        if weight:
            scores[rule.kind] = scores.get(rule.kind, 0.0) + weight
            side = "other" if rule.kind == "marketing" else rule.kind
            reasons.append(f"{where}: {rule.label} ({side} +{weight:g})")

    marketing = scores.pop("marketing", 0.0)
    eligible = [kind for kind in PRECEDENCE if scores.get(kind, 0.0) >= ELIGIBLE]
    kind = "other"
    confidence = 0.0
    if eligible:
        kind = eligible[0]
        best = max(scores.values())
        if len(eligible) > 1:
            reasons.append(f"{', '.join(eligible)} fired; {kind} takes precedence")
        if marketing >= scores[kind] and not parsed.platform:
            reasons.append(f"marketing/job-alert signals ({marketing:g}) outweigh {kind}: other")
            kind = "other"
        else:
            confidence = _confidence(scores[kind] + job_bonus)
            if best > scores[kind]:
                confidence = round(confidence * 0.85, 2)
    elif scores and (parsed.platform or parsed.is_company_domain) and marketing < WEAK:
        best_kind = max(PRECEDENCE, key=lambda k: (scores.get(k, 0.0), -PRECEDENCE.index(k)))
        if scores.get(best_kind, 0.0) >= WEAK:
            kind = best_kind
            confidence = _confidence(scores[kind] + job_bonus)
            reasons.append(f"only weak signals; {kind} is the strongest from a job sender")
    if kind == "other":
        strongest = max(scores.values(), default=0.0)
        confidence = _confidence(max(0.1, 0.4 + marketing - strongest))
        if not reasons:
            reasons.append("no job-mail rule fired")

    company: str | None = None
    role: str | None = None
    if kind != "other" or parsed.platform:
        lowered = lower_same_length(body)
        company, source = find_company(parsed, subject_text, body, lowered, body_words)
        if company:
            reasons.append(f"company '{company}' from {source}")
        role = find_role(subject_text, body, lowered, body_words, company)
        if role:
            reasons.append(f"role '{role}' from subject/body")
    return Classification(kind, confidence, reasons, company, role)

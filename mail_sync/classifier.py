"""Deterministic, explainable classification of job-search mail.

`classify()` answers three questions about one message: what kind of job mail it is, which
company it concerns and for which role. Every decision is a named rule, so the reasons that
fired can be shown to the user and to support staff (`manage.py classify_emails`).

How a message is scored
-----------------------
1. The sender is parsed. Known applicant-tracking (ATS), scheduling and assessment platforms
   mark the message as job mail (a context bonus); scheduling and assessment platforms also
   add weight to `interview` / `assessment`. Job boards and alert senders add weight to the
   "not job mail" side. A forwarded message ("Fwd:") is judged by its original sender.
2. Hypothetical and conditional clauses are removed from the body before any phrase is
   matched: a sentence that opens with a condition ("If you are not selected…", "Should we
   decide to move forward, we will reach out…"), the tail of a sentence from a mid-sentence
   condition on, clauses that only promise future contact ("a recruiter will contact you"),
   and descriptions of the hiring process. Quoted replies are dropped too.
3. Weighted phrase rules run over the subject and the remaining body. Each rule counts once,
   with its subject weight when it matches the subject (subjects weigh more), otherwise its
   body weight. A kind's score is the sum of its rules' weights.
4. A kind is eligible when its score reaches `ELIGIBLE` (0.5). Among eligible kinds the one
   first in `PRECEDENCE` wins (rejection > offer > assessment > interview > confirmation >
   recruiter), so a rejection that mentions an interview is still a rejection. Marketing and
   job alerts veto the result (kind `other`) when their own score is at least as high as the
   winner's. With nothing eligible, a message from a job platform takes its best weak kind;
   anything else is `other`.

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
import re
from dataclasses import dataclass
from email.utils import parseaddr

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
# Only this much of a body is read: job mail says what it is early, and it bounds the cost.
MAX_BODY_CHARS = 20_000


@dataclass(frozen=True)
class Classification:
    kind: str  # one of KINDS
    confidence: float  # 0..1, see the module docstring
    reasons: list[str]  # the rules that fired, human-readable
    company: str | None
    role: str | None


# --- Senders -------------------------------------------------------------------------------

# Platform domains map to the platform's display name (never a company we report).
ATS_DOMAINS: dict[str, str] = {
    "greenhouse.io": "Greenhouse",
    "greenhouse-mail.io": "Greenhouse",
    "lever.co": "Lever",
    "myworkday.com": "Workday",
    "myworkdayjobs.com": "Workday",
    "workday.com": "Workday",
    "ashbyhq.com": "Ashby",
    "ashbyhq-mail.com": "Ashby",
    "smartrecruiters.com": "SmartRecruiters",
    "icims.com": "iCIMS",
    "taleo.net": "Taleo",
    "oraclecloud.com": "Oracle",
    "oracle.com": "Oracle",
    "jobvite.com": "Jobvite",
    "workablemail.com": "Workable",
    "workable.com": "Workable",
    "bamboohr.com": "BambooHR",
    "teamtailor.com": "Teamtailor",
    "teamtailor-mail.com": "Teamtailor",
    "recruitee.com": "Recruitee",
    "jazzhr.com": "JazzHR",
    "applytojob.com": "JazzHR",
    "personio.de": "Personio",
    "personio.com": "Personio",
    "breezy.hr": "Breezy",
    "successfactors.com": "SuccessFactors",
    "successfactors.eu": "SuccessFactors",
    "rippling.com": "Rippling",
    "dover.com": "Dover",
    "gem.com": "Gem",
    "paradox.ai": "Paradox",
    "pinpointhq.com": "Pinpoint",
    "comeet.co": "Comeet",
}
SCHEDULING_DOMAINS: dict[str, str] = {
    "calendly.com": "Calendly",
    "goodtime.io": "GoodTime",
    "modernloop.io": "ModernLoop",
    "prelude.co": "Prelude",
    "cronofy.com": "Cronofy",
    "yourstack.com": "Calendly",
}
ASSESSMENT_DOMAINS: dict[str, str] = {
    "hackerrank.com": "HackerRank",
    "hackerrankforwork.com": "HackerRank",
    "codility.com": "Codility",
    "codesignal.com": "CodeSignal",
    "hirevue.com": "HireVue",
    "testgorilla.com": "TestGorilla",
    "coderbyte.com": "Coderbyte",
    "codingame.com": "CodinGame",
    "qualified.io": "Qualified",
    "devskiller.com": "DevSkiller",
    "karat.com": "Karat",
    "karat.io": "Karat",
    "criteriacorp.com": "Criteria",
    "shl.com": "SHL",
    "pymetrics.com": "pymetrics",
    "pymetrics.ai": "pymetrics",
}
BOARD_DOMAINS: dict[str, str] = {
    "linkedin.com": "LinkedIn",
    "indeed.com": "Indeed",
    "indeedemail.com": "Indeed",
    "glassdoor.com": "Glassdoor",
    "ziprecruiter.com": "ZipRecruiter",
    "monster.com": "Monster",
    "wellfound.com": "Wellfound",
    "angel.co": "AngelList",
    "dice.com": "Dice",
    "otta.com": "Otta",
    "welcometothejungle.com": "Welcome to the Jungle",
    "hired.com": "Hired",
    "stepstone.de": "StepStone",
    "xing.com": "XING",
    "builtin.com": "Built In",
    "simplyhired.com": "SimplyHired",
    "careerbuilder.com": "CareerBuilder",
}
# Mailbox providers and bulk senders: their domain never names the employer.
NON_COMPANY_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "fastmail.com",
        "sendgrid.net",
        "mailgun.org",
        "amazonses.com",
        "mailchimp.com",
        "mcsv.net",
        "hubspot.com",
        "hubspotemail.net",
        "mandrillapp.com",
        "sparkpostmail.com",
        "salesforce.com",
        "exacttarget.com",
        "zoom.us",
        "udemy.com",
        "coursera.org",
        "medium.com",
        "substack.com",
    }
)
PLATFORM_NAMES: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        *ATS_DOMAINS.values(),
        *SCHEDULING_DOMAINS.values(),
        *ASSESSMENT_DOMAINS.values(),
        *BOARD_DOMAINS.values(),
        "Workday Recruiting",
        "Oracle Taleo",
        "Oracle Cloud",
        "Google",
        "Gmail",
        "Zoom",
        "Microsoft Teams",
        "Teams",
        "Google Meet",
        "Udemy",
        "Coursera",
    )
)
GENERIC_NAMES: frozenset[str] = frozenset(
    {
        "team",
        "the team",
        "our team",
        "recruiting",
        "recruiting team",
        "recruitment",
        "recruiter",
        "recruiters",
        "talent",
        "talent team",
        "talent acquisition",
        "hiring",
        "hiring team",
        "hiring manager",
        "careers",
        "career",
        "jobs",
        "job",
        "hr",
        "people",
        "people team",
        "no-reply",
        "noreply",
        "no reply",
        "do not reply",
        "do-not-reply",
        "donotreply",
        "notifications",
        "notification",
        "mailer",
        "support",
        "info",
        "admin",
        "us",
        "we",
        "you",
        "your",
        "our",
        "the",
        "this",
        "that",
        "it",
        "hi",
        "hello",
        "dear",
        "thanks",
        "thank you",
        "interview",
        "application",
        "candidate",
        "candidates",
        "position",
        "role",
        "company",
        "unfortunately",
        "congratulations",
        "next steps",
        "update",
    }
)


def _registered_domain(domain: str) -> str:
    """example.co.uk / mail.example.com → example.co.uk / example.com."""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"}:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _lookup(domain: str, table: dict[str, str]) -> str | None:
    """The platform for a domain or any parent of it (us.greenhouse-mail.io → Greenhouse)."""
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        name = table.get(".".join(labels[start:]))
        if name:
            return name
    return None


@dataclass(frozen=True)
class _Sender:
    name: str
    address: str
    local: str
    domain: str
    ats: str | None
    scheduling: str | None
    assessment: str | None
    board: str | None

    @property
    def platform(self) -> str | None:
        return self.ats or self.scheduling or self.assessment

    @property
    def is_company_domain(self) -> bool:
        return bool(
            self.domain
            and not self.platform
            and not self.board
            and _registered_domain(self.domain) not in NON_COMPANY_DOMAINS
        )


_ANGLE_ADDRESS = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<address>[^<>]*)>\s*$", re.S)


def _parse_sender(raw: str) -> _Sender:
    # parseaddr mangles unquoted display names holding "@" ("Acme @ Workday <…>"), so take
    # the common "Name <address>" shape apart directly.
    angle = _ANGLE_ADDRESS.match(raw or "")
    if angle:
        name, address = angle.group("name"), angle.group("address")
    else:
        name, address = parseaddr(raw or "")
    address = address.strip().lower()
    if "@" not in address and not name and raw and "<" not in raw and "@" not in raw:
        name = raw.strip()
    local, _, domain = address.rpartition("@")
    domain = domain.strip(".>")
    return _Sender(
        name=name.strip().strip("\"'"),
        address=address,
        local=local,
        domain=domain,
        ats=_lookup(domain, ATS_DOMAINS),
        scheduling=_lookup(domain, SCHEDULING_DOMAINS),
        assessment=_lookup(domain, ASSESSMENT_DOMAINS),
        board=_lookup(domain, BOARD_DOMAINS),
    )


# --- Subject and body cleanup --------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs)\s*(?:\[\d+\])?\s*:\s*|\[(?:external|ext)\]\s*)+",
    re.I,
)
_FORWARD_MARKER = re.compile(
    r"^[-\s]*(?:-{3,}\s*)?(?:forwarded message|original message|begin forwarded message)"
    r"[^\n]*\n",
    re.I | re.M,
)
_HEADER_LINE = re.compile(r"^\s*(From|Date|Sent|Subject|To|Cc|Reply-To)\s*:\s*(.*)$", re.I)
_QUOTE_INTRO = re.compile(r"^\s*On [^\n]{5,200}wrote:\s*$", re.M)


def _unwrap_forward(sender: str, body: str) -> tuple[str, str, str | None]:
    """A forwarded message is judged by its original sender, body and subject."""
    marker = _FORWARD_MARKER.search(body)
    if not marker:
        return sender, body, None
    lines = body[marker.end() :].split("\n")
    inner_from: str | None = None
    inner_subject: str | None = None
    consumed = 0
    for line in lines:
        header = _HEADER_LINE.match(line)
        if header:
            key = header.group(1).lower()
            if key == "from":
                inner_from = header.group(2)
            elif key == "subject":
                inner_subject = header.group(2)
            consumed += 1
        elif not line.strip() and consumed == 0:
            consumed += 1
        else:
            break
    inner_body = "\n".join(lines[consumed:])
    return inner_from or sender, inner_body, inner_subject


def _drop_quoted(body: str) -> str:
    """Keep the newest message of a reply: older quoted mail says nothing about this one."""
    intro = _QUOTE_INTRO.search(body)
    if intro:
        body = body[: intro.start()]
    if ">" in body:
        body = "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))
    return body


# Sentences are split at end punctuation or blank lines; single line breaks are wrapping.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*•]\s+")
_CLAUSE_SPLIT = re.compile(r"[,;:]\s+|\s+[-–—]\s+|\s+(?:and|but|so)\s+(?=(?:we|i|our|a|the|you)\b)")
# Harmless conditions that do not make the rest of the sentence hypothetical.
_BENIGN_CONDITION = re.compile(
    r"(?:please |do )?let (?:me|us) know if\b[^.,;]*"
    r"|\bif you (?:have|had) any (?:questions?|concerns?)[^.,;]*"
    r"|\bif (?:you(?:'re| are) )?still interested\b"
    r"|\bif (?:none of )?(?:these|those|the) (?:times?|slots?|dates?)[^.,;]*"
    r"|\bif (?:needed|necessary|possible|applicable|any)\b"
    r"|\bif you(?:'d| would) (?:like|prefer)\b[^.,;]*"
    r"|\b(?:even|as) if\b"
    r"|\bsee if\b|\bcheck if\b"
)
_START_CONDITION = re.compile(
    r"^\W*(?:if|unless|should (?:we|you|your|there|the|our|it|a)|in the (?:event|case)|in case"
    r"|once (?:we|our|the|your|a|you|this)|whether|assuming|provided|were (?:we|you) to"
    r"|when (?:we|our|a)"
    r"|after (?:we|our|the (?:team|hiring))|selected candidates|only (?:selected|shortlisted)"
    r"|(?:successful|shortlisted|qualified) (?:candidates|applicants)|candidates who)\b"
)
_MID_CONDITION = re.compile(
    r"\b(?:if|unless|should (?:we|you|your|there|the|our)|in the (?:event|case)|in case"
    r"|once (?:we|our|the|your)|whether|provided that|assuming)\b"
)
_FUTURE_CONTACT = re.compile(
    r"\b(?:will|'ll|shall|may|might)\b(?:\s+\w+){0,4}?\s+(?:reach out|contact you|contact"
    r" candidates|be in touch|get in touch|get back to you|follow up with you|be contacting"
    r"|notify you|invite (?:you|candidates)|be invited|be contacted|hear from us|schedule"
    r" (?:an? |your )?(?:interview|call|phone)|set up (?:an? )?(?:interview|call))"
)
_PROCESS_DESCRIPTION = re.compile(
    r"\b(?:our|the) (?:hiring|interview|recruiting|recruitment|selection) process"
    r" (?:typically |usually |generally |normally )?(?:includes|consists|involves|has|is made)"
    r"|\b(?:typically|usually|generally|normally)\b"
    r"|\bdue to the (?:high |large )?(?:volume|number) of (?:applications|applicants|candidates)"
    r"|\b(?:respond|reply) to (?:every|each|all) (?:applicant|candidate|application)"
    r"|\bindividual (?:feedback|responses?)\b.*\b(?:every|each|all)\b"
)


def _strip_hypotheticals(text: str) -> tuple[str, list[str]]:
    """Remove conditional, hypothetical and process-describing clauses (text is lower case)."""
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        sentence = sentence.replace("\n", " ").strip()
        if not sentence:
            continue
        if "if" in sentence:
            sentence = _BENIGN_CONDITION.sub(" ", sentence)
        if _START_CONDITION.match(sentence) or _PROCESS_DESCRIPTION.search(sentence):
            dropped.append(sentence)
            continue
        mid = _MID_CONDITION.search(sentence)
        if mid:
            dropped.append(sentence[mid.start() :])
            sentence = sentence[: mid.start()]
        if _FUTURE_CONTACT.search(sentence):
            clauses = _CLAUSE_SPLIT.split(sentence)
            for clause in clauses:
                if _FUTURE_CONTACT.search(clause):
                    dropped.append(clause)
                else:
                    kept.append(clause)
            continue
        kept.append(sentence)
    return " . ".join(kept), dropped


# --- Phrase rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    kind: str  # a job kind, or "marketing" for the not-job-mail side
    label: str
    pattern: re.Pattern[str]
    body_weight: float
    subject_weight: float
    needles: tuple[str, ...]  # cheap substring pre-check: the regex runs only if one is present


def _rule(kind: str, label: str, pattern: str, body: float, subject: float, *needles: str) -> _Rule:
    return _Rule(kind, label, re.compile(pattern), body, subject, needles)


# Patterns run on lower-cased text. Weights: ≥ 0.5 alone makes a kind eligible; weaker
# phrases need a second one. Subject weights are higher because a subject states the point.
RULES: tuple[_Rule, ...] = (
    # Rejections
    _rule(
        "rejection",
        "not moving forward",
        r"(?:\bnot|n't|\bunable to|\bnot able to)\s+(?:be\s+)?"
        r"(?:moving|move|moved|proceed|proceeding"
        r"|progress|progressing|continue|continuing|advance|advancing)\s+(?:forward\s+)?"
        r"(?:with|further|to the next|in the process|at this time|your)",
        0.7,
        0.9,
        "not ",
        "n't",
        "unable",
    ),
    _rule(
        "rejection",
        "decided not to",
        r"\bdecided not to (?:move|proceed|progress|continue|pursue|advance|offer|extend)",
        0.7,
        0.9,
        "decided not",
    ),
    _rule(
        "rejection",
        "other candidates",
        r"\b(?:move|moving|go|going|proceed|proceeding|continue|continuing)(?: forward)? with"
        r" (?:other|another|a different|different) (?:candidates?|applicants?)"
        r"|\b(?:pursue|pursuing|chosen|selected|hired|decided on) (?:other|another|a different)"
        r" (?:candidates?|applicants?|person)"
        r"|\bcandidates? (?:whose|who)[^.]{0,60}(?:more closely|better) (?:match|align|suit|fit)",
        0.7,
        0.9,
        "other ",
        "another",
        "different",
        "more closely",
        "better",
    ),
    _rule(
        "rejection",
        "regret to inform",
        r"\bregret (?:to inform|to let you know|to tell you|that we)",
        0.6,
        0.9,
        "regret",
    ),
    _rule(
        "rejection",
        "not selected",
        r"\b(?:were|was|have|has|been|are) not (?:been )?(?:selected|shortlisted|successful)"
        r"|\bunsuccessful\b|\bno longer (?:being )?considered\b|\bno longer under consideration"
        r"|\bno longer considering (?:candidates|applications|applicants|your)"
        r"|\bcannot consider your application",
        0.6,
        0.9,
        "not ",
        "unsuccessful",
        "no longer",
        "cannot consider",
    ),
    _rule(
        "rejection",
        "position filled or closed",
        r"\b(?:position|role|opening|job|requisition) has (?:now )?been (?:filled|closed|cancelled)"
        r"|\bwe have (?:filled|closed) (?:the|this) (?:position|role)",
        0.6,
        0.9,
        "been filled",
        "been closed",
        "been cancel",
        "have filled",
        "have closed",
    ),
    _rule(
        "rejection",
        "unable to offer",
        r"\b(?:unable|not able|cannot|can't|can not) (?:to )?"
        r"(?:offer you|extend (?:you )?an offer)",
        0.6,
        0.9,
        "offer",
    ),
    _rule(
        "rejection",
        "different direction",
        r"\b(?:go|going|gone|went) (?:in|with) a different direction|\bnot the right (?:fit|match)"
        r"|\bnot (?:a|the) (?:fit|match) (?:for|at) (?:this|the|our)",
        0.5,
        0.8,
        "direction",
        "right fit",
        "right match",
        "not a",
    ),
    _rule(
        "rejection",
        "'unfortunately'",
        r"\bunfortunately\b",
        0.3,
        0.45,
        "unfortunately",
    ),
    _rule(
        "rejection",
        "'application update/status'",
        r"\b(?:update|status) (?:on|about|regarding) your application\b"
        r"|\byour application (?:status|update)\b",
        0.1,
        0.2,
        "update",
        "status",
    ),
    # Offers
    _rule(
        "offer",
        "extend an offer",
        r"\bextend(?:ing)? (?:you )?(?:an? |our |this )?(?:formal |verbal |official |written )?"
        r"(?:job |employment )?offer\b",
        0.8,
        1.0,
        "extend",
    ),
    _rule(
        "offer",
        "offer letter or package",
        r"\b(?:offer letter|offer of employment|employment offer|offer package|offer details"
        r"|offer documents?|your offer)\b",
        0.6,
        0.9,
        "offer",
    ),
    _rule(
        "offer",
        "pleased to offer you the role",
        r"\b(?:pleased|happy|delighted|excited|thrilled|glad) to (?:formally )?offer you"
        r" (?:the|a|this|our)\b[^.]{0,60}\b(?:position|role|job)\b",
        0.8,
        1.0,
        "offer you",
    ),
    _rule(
        "offer",
        "'job offer'",
        r"\bjob offer\b(?!s)|\boffer (?:for|of) the (?:\S+ ){0,5}(?:position|role)\b",
        0.5,
        0.9,
        "offer",
    ),
    # Assessments
    _rule(
        "assessment",
        "coding challenge / test",
        r"\b(?:coding|technical|programming|online|skills?|take[- ]home|cognitive|aptitude"
        r"|personality|psychometric|logic)\s+(?:challenge|assessment|test|exercise|assignment"
        r"|task|evaluation|questionnaire)s?\b",
        0.7,
        0.9,
        "challenge",
        "assessment",
        "test",
        "exercise",
        "assignment",
        "task",
        "evaluation",
        "questionnaire",
    ),
    _rule(
        "assessment",
        "take-home",
        r"\btake[- ]home\b|\bhome assignment\b|\bcase study\b",
        0.6,
        0.8,
        "home",
        "case study",
    ),
    _rule(
        "assessment",
        "complete the assessment",
        r"\b(?:complete|take|start|finish|submit)\s+(?:the|this|our|an|a|your)\s+(?:\S+\s+){0,2}?"
        r"(?:assessment|test|challenge|exercise|questionnaire|assignment|evaluation)\b"
        r"|\binvit(?:ed|ing|ation) (?:you )?to (?:take|complete) (?:a|an|the|our)\b",
        0.6,
        0.8,
        "complete",
        "take",
        "start",
        "finish",
        "submit",
    ),
    _rule(
        "assessment",
        "one-way video interview",
        r"\b(?:one-way|on-demand|on demand|recorded|asynchronous|async) (?:video )?interview"
        r"|\brecord (?:your )?(?:answers|responses)\b",
        0.7,
        0.9,
        "interview",
        "record",
    ),
    _rule(
        "assessment",
        "'assessment'",
        r"\bassessments?\b",
        0.3,
        0.5,
        "assessment",
    ),
    _rule(
        "assessment",
        "names an assessment platform",
        r"\b(?:hackerrank|codility|codesignal|hirevue|testgorilla|coderbyte|codingame)\b",
        0.2,
        0.3,
        "hackerrank",
        "codility",
        "codesignal",
        "hirevue",
        "testgorilla",
        "coderbyte",
        "codingame",
    ),
    # Interviews
    _rule(
        "interview",
        "invitation to interview",
        r"\binvit(?:e|ed|ing|ation)\b[^.]{0,40}\b(?:interview|phone screen|onsite|on-site"
        r"|conversation with|call with|chat with)"
        r"|\binterview invit(?:e|ation)",
        0.8,
        1.0,
        "invit",
    ),
    _rule(
        "interview",
        "schedule an interview",
        r"\b(?:schedul(?:e|ed|ing)|set up|book(?:ed)?|arrang(?:e|ed)|organi[sz]ed?|confirm(?:ed)?"
        r"|reschedul(?:e|ed))"
        r"\s+(?:a|an|your|the|our|some time for (?:a|an|your))?\s*(?:\S+\s+){0,3}?"
        r"(?:interviews?|phone screen|screening call|onsite|on-site|call with)\b",
        0.7,
        0.9,
        "schedul",
        "set up",
        "book",
        "arrange",
        "organi",
        "confirm",
    ),
    _rule(
        "interview",
        "interview round",
        r"\b(?:phone|video|technical|onsite|on-site|virtual|final|first|second|third|next"
        r"|panel|hiring manager|behavioral|behavioural|system design|culture|team)"
        r"[- ](?:round )?(?:interviews?|screen(?:ing)?|round)\b|\binterview loop\b",
        0.5,
        0.8,
        "interview",
        "screen",
        "round",
        "loop",
    ),
    _rule(
        "interview",
        "interview scheduled/confirmed",
        r"\binterview (?:confirmed|confirmation|scheduled|request|details|availability|invite"
        r"|reminder|rescheduled|with)\b",
        0.7,
        0.9,
        "interview",
    ),
    _rule(
        "interview",
        "move to the next step",
        r"\b(?:move|moving|advance|advancing|progress|progressing|invite you) (?:you )?"
        r"(?:forward )?(?:to|into) the (?:next|following) (?:step|stage|round|phase)"
        r"|\b(?:would|'d) (?:like|love) to (?:move|proceed) forward with (?:you|your)\b",
        0.6,
        0.8,
        "next",
        "following",
        "forward with",
    ),
    _rule(
        "interview",
        "asks for availability",
        r"\b(?:your availability|share (?:your|some) availability|(?:pick|select|choose|book)"
        r" (?:a|your|one of the) (?:time|slot)|times? that works? (?:best )?for you|available"
        r" (?:for|to) (?:a|an) (?:call|chat|interview|conversation))",
        0.3,
        0.4,
        "availab",
        "time",
        "slot",
    ),
    _rule(
        "interview",
        "'interview'",
        r"\binterview(?:s)?\b(?! prep)",
        0.2,
        0.4,
        "interview",
    ),
    _rule(
        "interview",
        "calendar event",
        r"\b(?:new event|event scheduled|invitation:|meeting (?:confirmed|scheduled))",
        0.2,
        0.3,
        "event",
        "invitation:",
        "meeting",
    ),
    # Confirmations
    _rule(
        "confirmation",
        "thank you for applying",
        r"\b(?:thank you|thanks)(?: so much)? for (?:applying|your (?:recent |online )?application"
        r"|submitting your application|your submission|your (?:recent )?job application)",
        0.7,
        0.9,
        "thank",
    ),
    _rule(
        "confirmation",
        "application received",
        r"\b(?:we(?:'ve| have)? (?:successfully )?received|we got|has been received|was received"
        r"|have been received)\b[^.]{0,40}\bapplication"
        r"|\bapplication (?:has been |was |is )?(?:received|submitted|sent|complete|confirmed"
        r"|confirmation|successfully submitted)"
        r"|\b(?:successfully )?(?:applied|submitted) (?:to|for)\b"
        r"|\byour application (?:to|for|at|with)\b[^.]{0,60}\b(?:has been|was)"
        r" (?:received|submitted|sent)",
        0.7,
        0.9,
        "received",
        "submitted",
        "sent",
        "complete",
        "confirm",
        "applied",
        "got",
    ),
    _rule(
        "confirmation",
        "will review your application",
        r"\b(?:review(?:ing)?|consider(?:ing)?|look(?:ing)? (?:at|over)) your (?:application|resume"
        r"|cv|profile|submission|candidacy)",
        0.3,
        0.4,
        "review",
        "consider",
        "look",
    ),
    _rule(
        "confirmation",
        "thank you for your interest",
        r"\b(?:thank you|thanks) for (?:your interest|considering)\b",
        0.3,
        0.4,
        "thank",
    ),
    # Recruiter outreach
    _rule(
        "recruiter",
        "came across your profile",
        r"\b(?:came across|found|saw|noticed|read|reviewed|impressed by|viewed) your (?:profile"
        r"|background|resume|cv|linkedin|github|work|experience|portfolio)",
        0.6,
        0.8,
        "your",
    ),
    _rule(
        "recruiter",
        "open to a chat",
        r"\b(?:would|are|were|might) you (?:be )?(?:open|interested|available|up) (?:to|in|for)"
        r" (?:a |an )?(?:quick |brief |short |informal |exploratory )?(?:chat|call|conversation"
        r"|exploring|hearing|learning|discussing|talking|connect|new (?:role|opportunit)"
        r"|this (?:role|opportunity))",
        0.6,
        0.8,
        "you",
    ),
    _rule(
        "recruiter",
        "recruiter introduces a role",
        r"\b(?:i(?:'m| am) (?:a |the |an )?(?:\S+ ){0,2}?(?:recruiter|sourcer|talent partner"
        r"|talent acquisition|headhunter|hiring manager)"
        r"|(?:reaching|reach) out (?:to you )?(?:about|regarding|because|with|on behalf)"
        r"|(?:an|this) (?:exciting |interesting |new )?(?:opportunity|role|position) (?:at|with)\b"
        r"|(?:we(?:'re| are)|i(?:'m| am)) (?:currently )?hiring (?:a|an|for)\b)",
        0.4,
        0.6,
        "recruit",
        "sourcer",
        "talent",
        "headhunter",
        "hiring",
        "reach",
        "opportunit",
        "role",
        "position",
    ),
    # Not job mail: alerts, newsletters, marketing.
    _rule(
        "marketing",
        "job alert",
        r"(?<!manage your )(?<!manage )\bjob alerts?\b|\b\d+\+? (?:new )?jobs\b"
        r"|\bnew jobs? (?:for|matching|near|in)\b"
        r"|\bjobs? (?:you may|you might|we think you(?:'d| would)) (?:be interested|like)"
        r"|\brecommended (?:jobs|for you)\b|\bjobs? (?:recommendations|digest)"
        r"|\bsimilar jobs\b|\btop job picks\b|\bbe an early applicant\b",
        0.6,
        0.9,
        "job",
        "recommend",
        "early applicant",
    ),
    _rule(
        "marketing",
        "promotion",
        r"\b(?:\d+% off|special offer|limited[- ]time|discount|promo code|coupon|free trial"
        r"|upgrade to premium|try premium|sale ends|black friday|cyber monday|enroll now"
        r"|sign up now|register now|early[- ]bird)\b",
        0.6,
        0.9,
        "%",
        "offer",
        "limited",
        "discount",
        "promo",
        "coupon",
        "free",
        "premium",
        "sale",
        "friday",
        "monday",
        "now",
        "early",
    ),
    _rule(
        "marketing",
        "course, webinar or newsletter",
        r"\b(?:course|bootcamp|webinar|masterclass|newsletter|ebook|e-book|workshop|certificate"
        r" program|weekly digest|this week in)\b",
        0.3,
        0.5,
        "course",
        "bootcamp",
        "webinar",
        "masterclass",
        "newsletter",
        "book",
        "workshop",
        "certificate",
        "digest",
        "this week",
    ),
    _rule(
        "marketing",
        "unsubscribe footer",
        r"\bunsubscribe\b|\bemail preferences\b|\bmanage (?:your )?(?:alerts|notifications)",
        0.2,
        0.2,
        "unsubscribe",
        "preferences",
        "manage",
    ),
)


# --- Company and role ----------------------------------------------------------------------

_TOKEN = r"[A-Z0-9][\w&'’+]*(?:[.\-][\w&'’+]+)*"
_CONNECTOR = r"(?:&|and|of|de|la|du|für|the|\+)"
_NAME = rf"{_TOKEN}(?:[ \t]+(?:{_TOKEN}|{_CONNECTOR}(?=[ \t]+[A-Z0-9][\w&'’+]))){{0,4}}"

_DISPLAY_SUFFIX = re.compile(
    r"(?:\s*[-–|,:@·]\s*|\s+)(?:(?:the\s+)?(?:recruiting|recruitment|talent acquisition|talent"
    r"|careers?|hiring|jobs|people|hr|human resources|notifications?|no-?reply|team|ta|staffing"
    r"|candidate experience)(?:\s+(?:team|department|dept\.?|group|partners?))?)\s*$",
    re.I,
)
_DISPLAY_PREFIX = re.compile(
    r"^(?:the\s+)?(?:recruiting|recruitment|talent acquisition|talent|careers?|hiring|jobs"
    r"|people|hr|team)(?:\s+team)?\s*(?:at|@|\||-|–|from|for)\s+",
    re.I,
)
_DISPLAY_VIA = re.compile(
    r"\s*(?:via|through|on|@|\bat\b|\|)\s*(?P<platform>[\w .-]+)$",
    re.I,
)
_DISPLAY_PERSON_AT = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}\s+(?:from|at|@|\||-|–)\s+(?P<company>.+)$"
)
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|gmbh|ag|s\.?a|plc|corp|corporation|co|b\.?v|oy|ab)\.?$",
    re.I,
)
_ROLE_WORDS = re.compile(
    r"\b(?:engineer|engineering|developer|designer|manager|scientist|analyst|architect|lead"
    r"|director|specialist|consultant|intern|internship|coordinator|administrator|researcher"
    r"|writer|editor|recruiter|associate|officer|head|vp|sre|devops|accountant|representative"
    r"|executive|strategist|technician|advocate|programmer|product|marketing|sales|support"
    r"|operations|partner|counsel|assistant|principal|staff|senior|junior|sr|jr|backend"
    r"|frontend|full[- ]?stack|data|ml|qa|tester|owner|generalist|success)\b",
    re.I,
)
_PHRASE_WORDS = re.compile(
    r"\b(?:thank|thanks|application|applying|applied|interview|interviewing|invitation|invite"
    r"|update|offer|assessment|challenge|confirmation|received|next|steps?|your|you|we|our"
    r"|regarding|re|fwd|status|schedule|scheduled|availability|action|required|reminder"
    r"|congratulations|opportunity|important|new|job|alert|jobs|request|welcome|hello|hi"
    r"|follow|feedback|decision|test|exercise|from|with|candidate|position|role|call|chat"
    r"|event|confirmed|quick|question|meeting|submission|case|study|assignment|take-home"
    r"|screen|minute|minutes)\b",
    re.I,
)

_SUBJECT_COMPANY = (
    re.compile(
        rf"(?i:thank you|thanks)(?i: so much)? (?i:for) (?i:applying|your application|your interest"
        rf"|interviewing|considering|your time)(?: (?i:to|with|at|in))?(?: (?i:the) .*? (?i:at))?"
        rf" (?P<c>{_NAME})"
    ),
    re.compile(rf"(?i:your application|applied) (?i:to|at|with) (?P<c>{_NAME})"),
    re.compile(
        rf"(?i:interview|offer|update|message|invitation|news|opportunity|role|position"
        rf"|assessment|challenge|chat|call|screen|conversation)s? (?i:at|with|from) (?P<c>{_NAME})"
    ),
    re.compile(rf"(?i:application was sent to|welcome to|join|joining) (?P<c>{_NAME})"),
    re.compile(rf"(?i:invited by|on behalf of) (?P<c>{_NAME})"),
    re.compile(rf"^(?P<c>{_NAME}) (?i:has invited you|invites you|would like to)"),
    re.compile(
        rf"(?i:assessment|test|challenge|exercise|interview|offer|update|news|request)"
        rf" (?i:for|from) (?P<c>{_NAME})$"
    ),
)
_BODY_COMPANY = (
    re.compile(
        rf"(?i:applying|applied|your application|application was sent) (?i:to|at|with)"
        rf" (?:(?i:the) )?(?P<c>{_NAME})"
    ),
    re.compile(rf"(?i:on behalf of|invited by) (?:(?i:the) )?(?P<c>{_NAME})"),
    re.compile(
        rf"(?P<c>{_NAME}) (?i:has invited you|invites you|would like to invite you|has requested"
        rf"|has asked you|would like you to|would like to schedule|wants to schedule)"
    ),
    re.compile(
        rf"(?i:interest in|interested in) (?:(?i:joining|working at|working with|a career at"
        rf"|a role at|a position at|the team at|opportunities at)\s+)?(?:(?i:the) )?(?P<c>{_NAME})"
    ),
    re.compile(
        rf"(?i:role|position|opportunity|opening|job|team|career|interview|interviewing|offer"
        rf"|recruiter|engineer|manager|designer|roles|positions|time|journey|future|screen|call"
        rf"|chat|meeting|conversation|consultant|partner)"
        rf" (?i:at|with) (?P<c>{_NAME})"
    ),
    re.compile(
        rf"(?:^|\n)\s*(?i:the )?(?P<c>{_NAME}) (?i:recruiting|talent|hiring|people|careers)"
        rf"(?: (?i:team|acquisition))?\s*$",
        re.M,
    ),
    re.compile(rf"(?i:join|joining) (?:(?i:the) (?i:team) (?i:at) )?(?P<c>{_NAME})"),
)
_TENANT_URLS = (
    re.compile(r"https?://(?P<t>[a-z0-9-]+)\.wd\d+\.myworkday(?:jobs|site)?\.com", re.I),
    re.compile(
        r"https?://(?:wd\d+\.)?myworkday(?:jobs|site)?\.com/(?:wday/authgwy/)?(?P<t>[a-z0-9_-]+)",
        re.I,
    ),
    re.compile(
        r"(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_app\?for=)?(?P<t>[a-z0-9_-]+)",
        re.I,
    ),
    re.compile(r"jobs\.(?:eu\.)?lever\.co/(?P<t>[a-z0-9_-]+)", re.I),
    re.compile(r"jobs\.ashbyhq\.com/(?P<t>[a-z0-9_.-]+)", re.I),
    re.compile(r"(?:jobs|careers)\.smartrecruiters\.com/(?P<t>[a-z0-9_-]+)", re.I),
    re.compile(r"apply\.workable\.com/(?P<t>[a-z0-9_-]+)", re.I),
    re.compile(r"jobs\.jobvite\.com/(?P<t>[a-z0-9_-]+)", re.I),
    re.compile(r"careers-(?P<t>[a-z0-9-]+)\.icims\.com", re.I),
    re.compile(r"(?P<t>[a-z0-9-]+)\.(?:teamtailor|recruitee|bamboohr|breezy)\.(?:com|hr)", re.I),
    re.compile(r"(?P<t>[a-z0-9-]+)\.jobs\.personio\.(?:de|com)", re.I),
    re.compile(r"(?P<t>[a-z0-9-]+)\.applytojob\.com", re.I),
)
_TENANT_IGNORED = frozenset(
    {"www", "app", "jobs", "careers", "api", "embed", "job", "apply", "en", "us"}
)

# A role is a capitalised phrase; a comma may continue it ("Software Engineer, Payments").
_ROLE = r"[A-Z][^\n.!?()\"“”,;:]{1,70}?(?:, [A-Z][^\n.!?()\"“”,;:]{1,30}?)?"
_ROLE_END = (
    r"(?= (?i:at|with|position|role|here|in our|on|is|was|has|were|in|and)\b|[.,;:!?(\n\"]"
    r"| [-–|] |$)"
)
_ROLE_ANCHORED = (
    re.compile(
        r"(?i:for|about|regarding|to|of|in) (?:(?i:the|our|a|an|this) )(?:(?i:open) )?"
        r"(?P<r>[A-Z][^\n.!?()\"“”]{1,70}?) (?i:position|role|opening|job|opportunity|vacancy)\b"
    ),
    re.compile(
        r"(?i:application for|applying for|applied for|interview for|interviews for|offer for"
        r"|candidacy for|assessment for|test for|challenge for)"
        r" (?:(?i:the|our|a|an) )?(?:(?i:position|role)(?: (?i:of))? )?"
        rf"(?P<r>{_ROLE}){_ROLE_END}"
    ),
    re.compile(
        r"(?i:(?:a|an|the|our)) (?P<r>[A-Z][^\n.!?()\"“”,;:]{1,70}?) (?i:role|position|opening"
        r"|opportunity) (?i:at|with|on|in)\b"
    ),
    re.compile(
        r"(?i:position|role|job title|title|job)\s*:\s*(?P<r>[A-Z][^\n()\"“”]{1,70}?)"
        r"\s*(?:$|\n|[|(]| [-–] )",
        re.M,
    ),
    re.compile(
        r"(?i:offer you the|join (?:us|the team) as|hire you as|employment as|offer as"
        r"|position as|start as|on board as)(?: (?i:an?|our))?"
        rf" (?:(?i:position of) )?(?P<r>{_ROLE}){_ROLE_END}"
    ),
)
_ROLE_JUNK = re.compile(
    r"\s*(?:\((?:[^)]*\d[^)]*|remote|hybrid|on-?site|m/w/d|m/f/d|f/m/d|all genders)\)"
    r"|[-–,]\s*(?:remote|hybrid|on-?site)\b.*"
    r"|#\s*\d+|\b(?:req(?:uisition)?|job)\s*(?:id|#)?\s*[:#]?\s*[A-Z]*-?\d+\b)",
    re.I,
)
_SUBJECT_SEPARATORS = re.compile(r"\s+[-–—|]\s+|:\s+|\s+/\s+")


def _clean_company(raw: str | None) -> str | None:
    if not raw:
        return None
    name = raw.strip(" \t\"'“”‘’.,;:!?()[]<>-–|")
    name = re.sub(r"^(?:the|team)\s+", "", name, flags=re.I)
    name = _LEGAL_SUFFIX.sub("", name).strip(" .,")
    name = re.sub(r"'s$|’s$", "", name)
    if not name or len(name) > 60 or len(name) < 2:
        return None
    if name.isupper() and len(name) > 4:
        name = name.title()  # shouted subjects: "TESLA" → "Tesla"; short acronyms stay
    folded = name.casefold()
    if folded in GENERIC_NAMES or folded in PLATFORM_NAMES:
        return None
    if any(word in PLATFORM_NAMES for word in folded.split()) and len(folded.split()) <= 2:
        return None
    if folded.split()[0] in GENERIC_NAMES:
        return None
    if _ROLE_WORDS.search(name) and _PHRASE_WORDS.search(name):
        return None
    return name


def _looks_like_person(sender: _Sender, name: str) -> bool:
    """A display name whose first word is also the mailbox (greg@…, greg.howard@…) is a person."""
    words = [word for word in re.split(r"[\s.'-]+", name.lower()) if word]
    if len(words) not in (2, 3) or not sender.local:
        return False
    first, last = words[0], words[-1]
    return sender.local in {
        first,
        f"{first}.{last}",
        f"{first}{last}",
        f"{first}_{last}",
        f"{first[0]}{last}",
        f"{first}.{last[0]}",
        f"{first[0]}.{last}",
    }


def _display_company(sender: _Sender) -> tuple[str | None, str]:
    """Company from the display name and how it was read: "suffix", "person at" or "bare"."""
    name = sender.name
    if not name or ("@" in name and " " not in name):
        return None, ""
    stripped = False
    via = _DISPLAY_VIA.search(name)
    if via and via.group("platform").strip().casefold() in PLATFORM_NAMES:
        name = name[: via.start()]
        stripped = True
    for _ in range(3):
        new = _DISPLAY_SUFFIX.sub("", _DISPLAY_PREFIX.sub("", name)).strip()
        if new == name:
            break
        name, stripped = new, True
    if stripped:
        return _clean_company(name), "suffix"
    person_at = _DISPLAY_PERSON_AT.match(name)
    if person_at:
        return _clean_company(person_at.group("company")), "person at"
    return _clean_company(name), "bare"


def _tenant_company(slug: str) -> str | None:
    slug = slug.lower()
    if slug in _TENANT_IGNORED:
        return None
    return _clean_company(slug.replace("_", " ").replace("-", " ").title())


def _domain_company(sender: _Sender) -> str | None:
    if not sender.is_company_domain:
        return None
    label = _registered_domain(sender.domain).split(".")[0]
    return _tenant_company(label)


def _subject_parts_company(subject: str) -> str | None:
    """Subjects like "Acme: Software Engineer" or "Software Engineer, Payments - Acme"."""
    parts = _SUBJECT_SEPARATORS.split(subject)
    if len(parts) < 2:
        return None
    for part in parts:
        part = part.strip()
        if not part or len(part.split()) > 4 or not part[0].isupper():
            continue
        if _ROLE_WORDS.search(part) or _PHRASE_WORDS.search(part):
            continue
        company = _clean_company(part)
        if company:
            return company
    return None


def _search_company(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            company = _clean_company(match.group("c"))
            if company and not _ROLE_WORDS.search(company):
                return company
    return None


def _find_company(sender: _Sender, subject: str, body: str) -> tuple[str | None, str]:
    """The employer, from the most to the least reliable source; never a platform's name."""
    company, how = _display_company(sender)
    if company and how in {"suffix", "person at"}:
        return company, "display name"
    # An ATS writes the employer in the From header, unless a recruiter sends as themselves.
    if company and how == "bare" and sender.ats and not _looks_like_person(sender, sender.name):
        return company, "display name"
    if (
        sender.ats == "Workday"
        and sender.local
        and not re.search(r"no-?reply|donotreply|^wd\d*-|notification", sender.local)
    ):
        tenant = _tenant_company(sender.local)
        if tenant:
            return tenant, "Workday tenant in sender address"
    # Scheduling tools put the interviewer's name in the subject; their body names the employer.
    if sender.scheduling:
        company = _search_company(_BODY_COMPANY, body)
        if company:
            return company, "body"
    company = _search_company(_SUBJECT_COMPANY, subject) or _subject_parts_company(subject)
    if company:
        return company, "subject"
    company = _search_company(_BODY_COMPANY, body)
    if company:
        return company, "body"
    for pattern in _TENANT_URLS:
        match = pattern.search(body)
        if match:
            company = _tenant_company(match.group("t"))
            if company:
                return company, "job-board URL in body"
    company = _domain_company(sender)
    if company:
        return company, f"sender domain {sender.domain}"
    return None, ""


def _clean_role(raw: str) -> str | None:
    role = _ROLE_JUNK.sub("", raw).strip(" \t-–,:;\"'“”")
    role = re.sub(r"^(?:the|our|a|an|open)\s+", "", role, flags=re.I)
    role = re.sub(r"\s+(?:position|role|opening|job)$", "", role, flags=re.I)
    if not role or len(role) > 80 or len(role.split()) > 9:
        return None
    if role.isupper() and len(role) > 4:
        role = role.title()
    if role.casefold() in GENERIC_NAMES or not _ROLE_WORDS.search(role):
        return None
    if re.search(r"\b(?:you|your|we|our|us|thank|thanks|interview|application)\b", role, re.I):
        return None
    return role


def _find_role(subject: str, body: str, company: str | None) -> str | None:
    for text in (subject, body):
        if text.isupper():
            text = text.title()
        for pattern in _ROLE_ANCHORED:
            for match in pattern.finditer(text):
                role = _clean_role(match.group("r"))
                if role and (not company or role.casefold() != company.casefold()):
                    return role
        if text is subject:
            role = _subject_parts_role(subject, company)
            if role:
                return role
    if company:
        # Calendar and scheduling mail: a short line like "Interview with Acme - Role".
        for line in body.split("\n", 40)[:40]:
            if company in line and len(line) <= 100:
                role = _subject_parts_role(line.strip(), company)
                if role:
                    return role
    return None


def _subject_parts_role(subject: str, company: str | None) -> str | None:
    parts = [part.strip() for part in _SUBJECT_SEPARATORS.split(subject)]
    if len(parts) < 2:
        return None
    for part in parts:
        if company and part.casefold() == company.casefold():
            continue
        part = re.sub(
            r"^(?i:application (?:for|to)|applied for|your application(?: for)?|interview(?: for)?"
            r"|offer(?: for)?|assessment(?: for)?|invitation(?: for)?|role|position|job)\s*:?\s+",
            "",
            part,
        )
        if company:
            part = re.sub(rf"\s+(?:at|@|with)\s+{re.escape(company)}$", "", part, flags=re.I)
        if not part[:1].isupper() or _PHRASE_WORDS.search(part):
            continue
        role = _clean_role(part)
        if role:
            return role
    return None


# --- Classification ------------------------------------------------------------------------


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

    clean_subject = _SUBJECT_PREFIX.sub("", subject).strip()
    original_sender, body, inner_subject = _unwrap_forward(sender or "", body)
    if original_sender != (sender or ""):
        reasons.append(
            f"forwarded message: judged by original sender {_short(original_sender, 60)}"
        )
    if inner_subject:
        clean_subject = _SUBJECT_PREFIX.sub("", inner_subject).strip() or clean_subject
    body = _drop_quoted(body)
    parsed = _parse_sender(original_sender)

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

    subject_l = clean_subject.lower().replace("’", "'")
    body_l, dropped = _strip_hypotheticals(body.lower().replace("’", "'"))
    if dropped:
        shown = "; ".join(f"'{_short(clause, 60)}'" for clause in dropped[:2])
        more = f" and {len(dropped) - 2} more" if len(dropped) > 2 else ""
        reasons.append(f"ignored hypothetical/conditional text: {shown}{more}")

    for rule in RULES:
        weight = 0.0
        where = ""
        if any(needle in subject_l for needle in rule.needles) and rule.pattern.search(subject_l):
            weight, where = rule.subject_weight, "subject"
        elif any(needle in body_l for needle in rule.needles) and rule.pattern.search(body_l):
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
        company, source = _find_company(parsed, clean_subject, body)
        if company:
            reasons.append(f"company '{company}' from {source}")
        role = _find_role(clean_subject, body, company)
        if role:
            reasons.append(f"role '{role}' from subject/body")
    return Classification(kind, confidence, reasons, company, role)

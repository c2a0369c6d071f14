"""Which role a message is about: anchored phrases in the subject and body, or subject parts."""

from __future__ import annotations

import re

from mail_sync.classifier.extract.common import _PHRASE_WORDS, _SUBJECT_SEPARATORS, ROLE_WORDS
from mail_sync.classifier.phrases import words_of
from mail_sync.classifier.senders import GENERIC_NAMES

# A role is a capitalised phrase; a comma may continue it ("Software Engineer, Payments").
_ROLE = r"[A-Z][^\n.!?()\"“”,;:]{1,70}?(?:, [A-Z][^\n.!?()\"“”,;:]{1,30}?)?"
_ROLE_END = (
    r"(?= (?i:at|with|position|role|here|in our|on|is|was|has|were|in|and|to)\b|[.,;:!?(\n\"]"
    r"| [-–|] |$)"
)
# After a German, French or Spanish anchor a title is its capitalised words, with lower-case
# joiners between them ("Chef de Projet Digital", "Analista de Datos"); it ends at the first
# other lower-case word, where the sentence goes on ("…als Data Engineer gelesen").
_UPPER = "A-Z0-9À-ÖØ-Þ"
_ROLE_I18N = re.compile(
    rf"(?P<r>[{_UPPER}][\w&+/-]*(?:(?: (?:de|du|des|la|le|del|y|et|und|&|/|-|–))? [{_UPPER}]"
    r"[\w&+/-]*)*)"
)
_ROLE_NOUNS = (" position", " role", " opening", " job", " opportunity", " vacancy")
_ROLE_BEFORE_NOUN = (
    re.compile(
        r"(?i:for|about|regarding|to|of|in|and|filled|closed|on) (?:(?i:the|our|a|an|this) )"
        r"(?:(?i:open) )?"
        r"(?P<r>[A-Z][^\n.!?()\"“”]{1,70}?) (?i:position|role|opening|job|opportunity|vacancy)\b"
    ),
    re.compile(
        r"(?i:(?:a|an|the|our)) (?P<r>[A-Z][^\n.!?()\"“”,;:]{1,70}?) (?i:role|position|opening"
        r"|opportunity) (?i:at|with|on|in)\b"
    ),
)
_ROLE_NOUN_WINDOW = 95
_ROLE_AFTER_ANCHORS = (
    "application for ",
    # "applying to the R-10482 Senior Data Analyst" (Workday); "applying to Acme" names a company.
    "applying to the ",
    "applied to the ",
    "job requisition ",
    "applying for ",
    "applied for ",
    "interview for ",
    "interviews for ",
    "offer for ",
    "candidacy for ",
    "assessment for ",
    "test for ",
    "challenge for ",
)
_ROLE_AFTER = re.compile(
    rf"(?:(?i:the|our|a|an) )?(?:(?i:position|role)(?: (?i:of))? )?(?P<r>{_ROLE}){_ROLE_END}"
)
_ROLE_LABELS = (
    *("position:", "role:", "job title:", "title:", "job:"),
    *("stelle:", "stellentitel:", "poste :", "poste:", "intitulé du poste :", "puesto:"),
)
_ROLE_LABELLED = re.compile(r"\s*(?P<r>[A-Z][^\n()\"“”]{1,70}?)\s*(?:$|\n|[|(]| [-–] )")
_ROLE_AS_ANCHORS = (
    "offer you the ",
    "the role of ",
    "the position of ",
    "application as ",
    "applying as ",
    "applied as ",
    "join us as ",
    "join the team as ",
    "hire you as ",
    "employment as ",
    "offer as ",
    "position as ",
    "start as ",
    "on board as ",
)
_ROLE_AS = re.compile(
    rf"(?:(?i:an?|our) )?(?:(?i:position|role) (?i:of) )?(?P<r>{_ROLE}){_ROLE_END}"
)
# German, French and Spanish anchors, read with `_ROLE_I18N`.
_ROLE_AFTER_ANCHORS_I18N = (
    "bewerbung als ",
    "für die position ",
    "fuer die position ",
    "für die stelle ",
    "fuer die stelle ",
    "für die rolle ",
    "position als ",
    "stelle als ",
    "rolle als ",
    "poste de ",
    "poste d'",
    "poste d’",
    "puesto de ",
    "posición de ",
    "posicion de ",
    "vacante de ",
    "plaza de ",
)
_ROLE_LOOSE_ANCHORS_I18N = (
    "suche ich aktuell einen ",
    "suchen wir einen ",
    "recherche actuellement un ",
    "recherchons un ",
    "buscando un ",
    "buscando una ",
    " als ",
    " comme ",
    " como ",
)
# Weakest: "hiring a Principal Engineer", "… as a Senior Data Engineer".
_ROLE_LOOSE_ANCHORS = (
    "hiring a ",
    "hiring an ",
    "hiring for a ",
    "looking for a ",
    "looking for an ",
    " as a ",
    " as an ",
    " as our ",
)
_ROLE_JUNK = re.compile(
    r"\s*(?:\((?:[^)]*\d[^)]*|remote|hybrid|on-?site|m/w/d|m/f/d|f/m/d|all genders|w/m/d|m/w/x"
    r"|d/m/w|h/f|f/h|m/f|remoto|télétravail|teletravail)\)"
    r"|[-–,]\s*(?:remote|hybrid|on-?site)\b.*"
    r"|#\s*\d+|\b(?:req(?:uisition)?|job)\s*(?:id|#)?\s*[:#]?\s*[A-Z]*-?\d+\b)",
    re.I,
)
# Workday and other ATSs put the requisition before the title: "R-20877 Product Manager",
# "Job Requisition JR-88213 Cloud Security Architect", "REQ-1042 - Analyst".
_ROLE_LEADING_CODE = re.compile(
    r"^(?:(?:job )?(?:requisition|req)(?: id)?\s*[:#]?\s*)?[A-Z]{0,4}-?\d{3,}[A-Z]?\s*[-–:]?\s+",
    re.I,
)
_ROLE_STRAY_WORDS = re.compile(
    r"\b(?:you|your|we|our|us|thank|thanks|interview|application|ihre|ihnen|wir|uns|vous|votre"
    r"|nous|usted|nuestro|nuestra)\b",
    re.I,
)
_SUBJECT_ROLE_LEAD = re.compile(
    r"^(?i:application (?:for|to)|applied for|your application(?: for)?|interview(?: for)?"
    r"|offer(?: for)?|assessment(?: for)?|invitation(?: for)?|role|position|job)\s*:?\s+"
)
_TITLE_JOINERS = frozenset({"of", "and", "&", "for", "in", "to", "-", "/", "the"})
_ROLE_LEADING_WORD = re.compile(r"^(?:the|our|a|an|open)\s+", re.I)
_ROLE_TRAILING_NOUN = re.compile(r"\s+(?:position|role|opening|job)$", re.I)


def _clean_role(raw: str, *, title_word_needed: bool = True) -> str | None:
    role = _ROLE_LEADING_CODE.sub("", raw)
    role = _ROLE_JUNK.sub("", role).strip(" \t-–,:;\"'“”")
    role = _ROLE_LEADING_WORD.sub("", role)
    role = _ROLE_TRAILING_NOUN.sub("", role)
    if not role or len(role) > 80 or len(role.split()) > 9:
        return None
    if role.isupper() and len(role) > 4:
        role = role.title()
    if role.casefold() in GENERIC_NAMES or (title_word_needed and not ROLE_WORDS.search(role)):
        return None
    if not title_word_needed and not all(
        # "iOS", "eCommerce": a capital inside the word counts.
        word[:1].isupper() or word in _TITLE_JOINERS or not word.islower()
        for word in role.split()
    ):
        return None
    if _ROLE_STRAY_WORDS.search(role):
        return None
    return role


def _parts_role(text: str, company: str | None) -> str | None:
    """A title among the parts of "Acme: Data Analyst" or "Interview with Acme - Data Analyst"."""
    parts = [part.strip() for part in _SUBJECT_SEPARATORS.split(text)]
    if len(parts) < 2:
        return None
    for part in parts:
        if company and part.casefold() == company.casefold():
            continue
        part = _SUBJECT_ROLE_LEAD.sub("", part)
        if company and part.casefold().endswith(company.casefold()):
            head = part[: len(part) - len(company)].rstrip()
            for joiner in (" at", " @", " with"):
                if head.casefold().endswith(joiner):
                    part = head[: len(head) - len(joiner)].rstrip()
                    break
        if not part[:1].isupper() or _PHRASE_WORDS.search(part):
            continue
        role = _clean_role(part)
        if role:
            return role
    return None


def _anchor_table(
    groups: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...],
) -> tuple[tuple[str, frozenset[bytes], re.Pattern[str]], ...]:
    return tuple(
        (anchor, frozenset(words_of(anchor)), pattern)
        for anchors, pattern in groups
        for anchor in anchors
    )


# Anchors after which a title starts, in order of trust, each with the words it needs.
_ROLE_ANCHOR_TABLE = _anchor_table(
    (
        (_ROLE_AFTER_ANCHORS, _ROLE_AFTER),
        (_ROLE_AFTER_ANCHORS_I18N, _ROLE_I18N),
        (_ROLE_LABELS, _ROLE_LABELLED),
        (_ROLE_AS_ANCHORS, _ROLE_AS),
        (_ROLE_LOOSE_ANCHORS, _ROLE_AS),
        (_ROLE_LOOSE_ANCHORS_I18N, _ROLE_I18N),
    )
)
_ROLE_NOUN_TABLE = tuple((noun, frozenset(words_of(noun))) for noun in _ROLE_NOUNS)


def _anchored_role(text: str, lowered: str, words: set[bytes], company: str | None) -> str | None:
    def accept(raw: str, *, title_word_needed: bool = True) -> str | None:
        role = _clean_role(raw, title_word_needed=title_word_needed)
        if role and (not company or role.casefold() != company.casefold()):
            return role
        return None

    for noun, needed in _ROLE_NOUN_TABLE:
        if not needed <= words:
            continue
        start = lowered.find(noun)
        while start != -1:
            low, high = max(0, start - _ROLE_NOUN_WINDOW), start + len(noun) + 6
            for pattern in _ROLE_BEFORE_NOUN:
                match = pattern.search(text, low, high)
                # "the Barista Trainer position" names a title even without a known title word.
                role = accept(match.group("r"), title_word_needed=False) if match else None
                if role:
                    return role
            start = lowered.find(noun, start + 1)
    for anchor, needed, pattern in _ROLE_ANCHOR_TABLE:
        if not needed <= words:
            continue
        start = lowered.find(anchor)
        while start != -1:
            match = pattern.match(text, start + len(anchor))
            role = accept(match.group("r")) if match else None
            if role:
                return role
            start = lowered.find(anchor, start + 1)
    return None


def find_role(
    subject: str, body: str, lowered: str, words: set[bytes], company: str | None
) -> str | None:
    """The job title from the subject, then the body, then short "X - Y" lines of the body."""
    shown_subject = subject.title() if subject.isupper() else subject
    subject_lowered = shown_subject.lower()
    role = _anchored_role(
        shown_subject, subject_lowered, words_of(subject_lowered), company
    ) or _parts_role(shown_subject, company)
    if role:
        # Prefer the body's spelling when the subject wrote the title in lower case.
        at = lowered.find(role.lower())
        if at != -1 and body[at : at + len(role)].istitle() and not role.istitle():
            return body[at : at + len(role)]
        return role
    shown_body, shown_lowered = (body.title(), lowered) if body.isupper() else (body, lowered)
    role = _anchored_role(shown_body, shown_lowered, words, company)
    if role or not company:
        return role
    # Calendar and scheduling mail: a short line like "Interview with Acme - Frontend Engineer".
    for line in body.split("\n", 40)[:40]:
        if company in line and len(line) <= 100:
            role = _parts_role(line.strip(), company)
            if role:
                return role
    return None

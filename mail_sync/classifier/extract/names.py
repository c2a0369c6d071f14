"""How an employer's name is written and cleaned, and what a sender's display name says."""

from __future__ import annotations

import re

from mail_sync.classifier.extract.common import ROLE_WORDS
from mail_sync.classifier.phrases import fold
from mail_sync.classifier.senders import (
    BOARD_DOMAINS,
    GENERIC_NAMES,
    PLATFORM_NAMES,
    SIGNATURE_DOMAINS,
    Sender,
)

_TOKEN = r"[A-Z0-9][\w&'’+]*(?:[.\-][\w&'’+]+)*"
_CONNECTOR = r"(?:&|and|of|de|la|du|für|the|\+)"
# A connector joins two capitalised words ("Procter & Gamble"), never the pronoun "I".
_NAME = (
    rf"{_TOKEN}(?:[ \t]+(?:{_TOKEN}|{_CONNECTOR}(?=[ \t]+(?!I\b|I['’])[A-Z0-9][\w&'’+])))"
    r"{0,4}"
)
_NAME_HERE = re.compile(_NAME)
_NAME_AT_END = re.compile(rf"(?:^|(?<=[\s,!(]))(?P<c>{_NAME})[ \t]*$")

_DISPLAY_SUFFIX = re.compile(
    r"(?:\s*[-–|,:@·]\s*|\s+)(?:(?:the\s+)?(?:recruiting|recruitment|talent acquisition|talent"
    r"|careers?|hiring|jobs|people|hr|human resources|notifications?|no-?reply|team|ta|staffing"
    r"|candidate experience|karriere|recrutement|carri[eè]res?|talento|empleo|selecci[oó]n"
    r"|recursos humanos|rrhh|personalabteilung|ressources humaines|rh)"
    r"(?:\s+(?:team|department|dept\.?|group|partners?))?)\s*$",
    re.I,
)
_DISPLAY_PREFIX = re.compile(
    r"^(?:the\s+)?(?:recruiting|recruitment|talent acquisition|talent|careers?|hiring|jobs"
    r"|people|hr|team)(?:\s+team)?\s*(?:at|@|\||-|–|from|for)\s+",
    re.I,
)
# "Recruiting Team Sparkasse Elbmarsch", "Recursos Humanos Hospital Alemán del Sur",
# "Recrutement Casino de la Corniche": the team first, then the employer, no "at".
_DISPLAY_TEAM_FIRST = re.compile(
    r"^(?:recruiting(?:\s+team)?|recruitment(?:\s+team)?|talent acquisition|recrutement"
    r"|ressources humaines|recursos humanos|rrhh|selecci[oó]n|gesti[oó]n humana"
    r"|bolsa de empleo|personalabteilung|bewerbermanagement|karriere|carri[eè]res?|careers"
    r"|hr|rh)\s+(?:(?:de|du|des|de la|del|bei|der|at|chez)\s+)?(?=[A-ZÀ-Þ])",
    re.I,
)
_DISPLAY_VIA = re.compile(r"\s*(?:via|through|on|@|\bat\b|\|)\s*(?P<platform>[\w .-]+)$", re.I)
# "Rachel Adams via LinkedIn" (an InMail), "Jessica Park via DocuSign": a person, not an employer.
_PERSON_VIA = frozenset(
    name.casefold() for name in (*BOARD_DOMAINS.values(), *SIGNATURE_DOMAINS.values())
)
_DISPLAY_PERSON_AT = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}\s+(?:from|at|@|\||-|–)\s+(?P<company>.+)$"
)
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|gmbh|ag|s\.?a|plc|corp|corporation|co|b\.?v|oy|ab)\.?$", re.I
)
_LEADING_ARTICLE = re.compile(r"^(?:the|team|ihr|dein|euer)\s+", re.I)
# The team that wrote, after the employer's name in prose ("Globex HR has sent you…").
_TEAM_SUFFIX = re.compile(
    r"\s+(?:hr|human resources|talent(?: acquisition)?|recruiting|recruitment|people team"
    r"|hiring team)$",
    re.I,
)
_POSSESSIVE = re.compile(r"'s$|’s$")
_NAME_SPLIT = re.compile(r"[\s.'-]+")
_MAILBOX_SPLIT = re.compile(r"[._-]")


def clean_company(
    raw: str | None, *, from_prose: bool = True, allow: str | None = None
) -> str | None:
    """A plausible employer name, or None for platforms, generic words and phrases.

    Names read from prose must not contain job-title words ("Senior Engineer" is not an
    employer); names from headers and URLs may ("Data Dog"). `allow` is a platform name that
    is the employer here (someone who works at Personio writing from personio.de).
    """
    if not raw:
        return None
    name = raw.strip(" \t\"'“”‘’.,;:!?()[]<>-–|")
    name = _LEADING_ARTICLE.sub("", name)
    name = _LEGAL_SUFFIX.sub("", name).strip(" .,")
    name = _POSSESSIVE.sub("", name)
    if from_prose:  # a header or domain's "Sequoia Talent" is the agency's own name
        name = _TEAM_SUFFIX.sub("", name)
    if not name or len(name) > 60 or len(name) < 2:
        return None
    if name.isupper() and len(name) > 4:
        name = name.title()  # shouted subjects: "TESLA" → "Tesla"; short acronyms stay
    folded = name.casefold()
    words = folded.split()
    if folded in GENERIC_NAMES or words[0] in GENERIC_NAMES:
        return None
    if allow and folded == allow.casefold():
        return name
    if folded in PLATFORM_NAMES or (
        len(words) <= 2 and any(word in PLATFORM_NAMES for word in words)
    ):
        return None
    if from_prose and ROLE_WORDS.search(name):
        return None
    return name


_ROBOT_MAILBOX = re.compile(r"reply|notif|alert|mailer|bounce|system|support|jobs|careers")


def _looks_like_person(sender: Sender) -> bool:
    """A display name whose first word is also the mailbox (greg@…, greg.howard@…) is a person."""
    words = [word for word in _NAME_SPLIT.split(fold(sender.name.lower())) if word]
    if len(words) not in (2, 3) or not sender.local or _ROBOT_MAILBOX.search(sender.local):
        return False
    if any(word in PLATFORM_NAMES or word in GENERIC_NAMES or word == "apply" for word in words):
        return False  # "Indeed Apply <indeedapply@…>" is a product, not a person
    first, last = words[0], words[-1]
    mailbox_first = _MAILBOX_SPLIT.split(sender.local, maxsplit=1)[0]
    return mailbox_first == first or sender.local in {
        f"{first}{last}",
        f"{first[0]}{last}",
        f"{first[0]}.{last}",
    }


def _display_company(sender: Sender) -> tuple[str | None, str]:
    """Company from the display name and how it was read: "suffix", "person at" or "bare"."""
    name = sender.name
    if not name or ("@" in name and " " not in name):
        return None, ""
    stripped = False
    via = _DISPLAY_VIA.search(name)
    if via and via.group("platform").strip().casefold() in PLATFORM_NAMES:
        if via.group("platform").strip().casefold() in _PERSON_VIA:
            return None, ""
        name = name[: via.start()]
        stripped = True
    for _ in range(3):
        new = _DISPLAY_PREFIX.sub("", name)
        team_first = _DISPLAY_TEAM_FIRST.match(new)
        if team_first and new[team_first.end() :].strip():
            new = new[team_first.end() :]
        new = _DISPLAY_SUFFIX.sub("", new).strip()
        if new == name:
            break
        name, stripped = new, True
    if stripped:
        return clean_company(name, from_prose=False), "suffix"
    person_at = _DISPLAY_PERSON_AT.match(name)
    if person_at:
        return clean_company(person_at.group("company"), from_prose=False), "person at"
    return clean_company(name, from_prose=False), "bare"

"""Which company a message is about: display name, subject, body, ATS URLs, sender domain."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from mail_sync.classifier.extract.common import (
    _PHRASE_WORDS,
    _SUBJECT_SEPARATORS,
    ROLE_WORDS,
    _occurrences,
)
from mail_sync.classifier.extract.names import (
    _DISPLAY_SUFFIX,
    _NAME,
    _NAME_AT_END,
    _NAME_HERE,
    _display_company,
    _looks_like_person,
    clean_company,
)
from mail_sync.classifier.phrases import fold, words_of
from mail_sync.classifier.senders import Sender, registered_domain

_SUBJECT_COMPANY = (
    re.compile(
        rf"(?i:thank you|thanks)(?i: so much)? (?i:for) (?i:applying|your application|your interest"
        rf"|interviewing|considering|your time)(?: (?i:to|with|at|in))?(?: (?i:the) .*? (?i:at))?"
        rf" (?P<c>{_NAME})"
    ),
    re.compile(rf"(?i:your application|applied) (?i:to|at|with) (?P<c>{_NAME})"),
    re.compile(
        rf"(?i:interview|offer|update|message|invitation|news|opportunity|role|position"
        rf"|assessment|challenge|chat|call|screen|conversation)s? (?:(?i:at|with|from)|[-–|])"
        rf" (?P<c>{_NAME})"
    ),
    re.compile(rf"(?i:application was sent to|welcome to|join|joining) (?P<c>{_NAME})"),
    re.compile(rf"(?i:invited by|on behalf of) (?P<c>{_NAME})"),
    re.compile(rf"^(?P<c>{_NAME}) (?i:has invited you|invites you|would like to|has sent you)"),
    re.compile(rf"(?i:shared with|sent to|submitted to) (?P<c>{_NAME})"),
    re.compile(
        rf"(?i:assessment|test|challenge|exercise|interview|offer|update|news|request)"
        rf" (?i:for|from) (?P<c>{_NAME})$"
    ),
    re.compile(
        rf"(?i:interview|assessment|test|challenge|offer|application)\b.* (?i:for) (?P<c>{_NAME})$"
    ),
    # Assessment platforms: "Reminder: Your assessment for Kereru Software is due soon",
    # "Rappel : votre évaluation pour Groupe Arcelis", "Tu prueba técnica para Banco Andino".
    re.compile(
        rf"(?i:assessment|coding test|online test|test|challenge|video interview|évaluation"
        rf"|evaluation|evaluación|evaluacion|prueba(?: técnica| tecnica)?|test technique)"
        rf" (?i:for|pour|para|von|bei) (?P<c>{_NAME})"
    ),
)
# German, French, Spanish: "Ihre Bewerbung bei Acme", "Entretien avec Acme", "Oferta de Acme";
# tried only on a subject with one of `_SUBJECT_I18N_WORDS`.
_SUBJECT_COMPANY_I18N = (
    re.compile(
        rf"(?i:bewerbung|kandidatur|interview|gespräch|vorstellungsgespräch|angebot|einladung"
        rf"|rückmeldung|absage|zusage)\w* (?i:bei|von) (?P<c>{_NAME})"
    ),
    re.compile(
        rf"(?i:candidature|entretien|offre|proposition|nouvelles)s? (?i:chez|avec|auprès de"
        rf"|aupres de|de la part de) (?P<c>{_NAME})"
    ),
    re.compile(
        rf"(?i:candidatura|solicitud|postulación|postulacion|entrevista|proceso|prueba"
        rf"|oportunidad)s? (?i:en|con) (?P<c>{_NAME})"
    ),
    re.compile(
        rf"(?i:oferta de empleo|oferta de trabajo|oferta|propuesta) (?i:de|en) (?P<c>{_NAME})"
    ),
    re.compile(
        rf"^(?P<c>{_NAME}) (?i:te invita|le invita|vous invite|t'invite|lädt dich|lädt sie"
        rf"|hat dich eingeladen|hat sie eingeladen|te ha invitado|le ha invitado)"
    ),
    re.compile(rf"(?i:challenge|test|einladung|aufgabe|assessment)\b.* (?i:von) (?P<c>{_NAME})$"),
)
_SUBJECT_I18N_WORDS = frozenset(
    b"bei von chez avec aupres part en con de invita invite ladt eingeladen invitado".split()
)

# Body anchors, in order of trust. The company follows these…
_BEFORE_COMPANY: tuple[tuple[str, ...], ...] = (
    (
        "applying to ",
        "applying at ",
        "applying with ",
        "applied to ",
        "applied at ",
        "applied with ",
        "application to ",
        "application at ",
        "application with ",
        "application was sent to ",
        "bewerbung bei ",
        "beworben bei ",
        "candidature chez ",
        "candidature auprès de ",
        "candidature aupres de ",
        "postulé chez ",
        "candidatura en ",
        "candidatura a ",
        "solicitud en ",
        "postulado en ",
    ),
    (
        "on behalf of ",
        "invited by ",
        "test for ",
        "assessment for ",
        "challenge for ",
        "shared with ",
        "im auftrag von ",
        "de la part de ",
        "en nombre de ",
    ),
)
# …or precedes these…
_AFTER_COMPANY = (
    " has invited you",
    " has sent you",
    " has partnered with",
    " partners with",
    " invites you",
    " would like to invite you",
    " has requested",
    " has asked you",
    " would like you to",
    " would like to schedule",
    " wants to schedule",
    " hat dich eingeladen",
    " hat sie eingeladen",
    " lädt dich ein",
    " lädt sie ein",
    " vous invite à ",
    " vous invite a ",
    " t'invite à ",
    " te invita a ",
    " le invita a ",
    " te ha invitado",
    " le ha invitado",
)
# …or follows "interest in" (with a few optional words between)…
_INTEREST = (
    "interest in ",
    "interested in ",
    "interesse an ",
    "intérêt pour ",
    "interet pour ",
    "que vous portez à ",
    "que tu portes à ",
    "interés en ",
    "interes en ",
    "interés mostrado en ",
)
_INTEREST_FILLER = re.compile(
    r"(?:joining |working at |working with |a career at |a career with |a role at "
    r"|a position at |the team at |opportunities at |opportunities with "
    r"|einer tätigkeit bei |einer karriere bei |rejoindre |formar parte de |trabajar en )?(?:the )?"
)
# …or follows " at "/" with " after one of these words ("the role at Acme").
_AT_WORDS = frozenset(
    [
        "role",
        "position",
        "opportunity",
        "opening",
        "job",
        "team",
        "career",
        "interview",
        "interviewing",
        "offer",
        "recruiter",
        "engineer",
        "manager",
        "designer",
        "roles",
        "positions",
        "time",
        "journey",
        "future",
        "screen",
        "call",
        "chat",
        "meeting",
        "conversation",
        "consultant",
        "partner",
        "interviews",
        "hiring",
    ]
)
# A call, chat or meeting is "with" a person as often as with an employer ("the technical
# interview with Rafael and Lena", "Phone Screen with Northwind"): read after these words
# only when the sender's own domain cannot answer instead.
_MEETING_WORDS = frozenset(
    {"interview", "interviews", "screen", "call", "chat", "meeting", "conversation", "time"}
)
_WITH_WORDS = _AT_WORDS - _MEETING_WORDS
# …and " bei " / " chez " / " en " after words like these ("Recruiter bei Hays").
_AT_WORDS_I18N: dict[str, frozenset[str]] = {
    " bei ": frozenset(
        {
            "bewerbung",
            "interview",
            "gespräch",
            "vorstellungsgespräch",
            "position",
            "stelle",
            "karriere",
            "recruiter",
            "recruiterin",
            "job",
            "einstieg",
            "praktikum",
            "tätigkeit",
            "arbeiten",
            "personalberater",
            "personalberaterin",
        }
    ),
    " chez ": frozenset(
        {
            "candidature",
            "poste",
            "entretien",
            "entretiens",
            "recrutement",
            "carrière",
            "stage",
            "alternance",
            "rejoindre",
            "travailler",
            "consultant",
            "consultante",
            "talent",
            "recruteur",
            "recruteuse",
            "opportunité",
            "emploi",
            "équipe",
            "postulé",
        }
    ),
    " en ": frozenset(
        {
            "candidatura",
            "solicitud",
            "puesto",
            "posición",
            "trabajar",
            "entrevista",
            "oportunidad",
            "carrera",
            "vacante",
            "empleo",
            "selección",
            "consultor",
            "consultora",
            "reclutador",
            "reclutadora",
            "interés",
            "prácticas",
        }
    ),
}
# A title's gender tag ends the role right before the employer ("Servicetechniker (m/w/d) bei
# Frosttec", "Développeur (H/F) chez Assurances Boréal").
_GENDER_TAGS = frozenset({"(m/w/d)", "(w/m/d)", "(m/f/d)", "(h/f)", "(f/h)", "(h/m)", "(m/h)"})
_AT_WORDS_I18N = {
    anchor: before | _GENDER_TAGS if anchor in (" bei ", " chez ") else before
    for anchor, before in _AT_WORDS_I18N.items()
}
_SIGN_OFF = re.compile(
    rf"^\s*(?:(?i:the|ihr|dein|euer) )?(?P<c>{_NAME}) (?i:recruiting|talent|hiring|people|careers)"
    r"(?: (?i:team|acquisition))?\s*$"
)
_SIGN_OFF_ENDINGS = ("recruiting", "talent", "hiring", "people", "careers", "team", "acquisition")

_TENANT_URLS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (".myworkday", re.compile(r"(?P<t>[a-z0-9-]+)\.wd\d+\.myworkday(?:jobs|site)?\.com", re.I)),
    (
        "myworkday",
        re.compile(
            r"myworkday(?:jobs|site)?\.com/(?:wday/authgwy/)?(?P<t>[a-z0-9_-]+)",
            re.I,
        ),
    ),
    (
        "greenhouse.io/",
        re.compile(
            r"greenhouse\.io/(?:embed/job_app\?for=)?(?P<t>[a-z0-9_-]+)",
            re.I,
        ),
    ),
    ("lever.co/", re.compile(r"lever\.co/(?P<t>[a-z0-9_-]+)", re.I)),
    ("ashbyhq.com/", re.compile(r"ashbyhq\.com/(?P<t>[a-z0-9_.-]+)", re.I)),
    ("smartrecruiters.com/", re.compile(r"smartrecruiters\.com/(?P<t>[a-z0-9_-]+)", re.I)),
    ("apply.workable.com/", re.compile(r"workable\.com/(?P<t>[a-z0-9_-]+)", re.I)),
    ("jobs.jobvite.com/", re.compile(r"jobvite\.com/(?P<t>[a-z0-9_-]+)", re.I)),
    ("icims.com", re.compile(r"careers-(?P<t>[a-z0-9-]+)\.icims\.com", re.I)),
    (".teamtailor.com", re.compile(r"(?P<t>[a-z0-9-]+)\.teamtailor\.com", re.I)),
    (".recruitee.com", re.compile(r"(?P<t>[a-z0-9-]+)\.recruitee\.com", re.I)),
    (".bamboohr.com", re.compile(r"(?P<t>[a-z0-9-]+)\.bamboohr\.com", re.I)),
    (".breezy.hr", re.compile(r"(?P<t>[a-z0-9-]+)\.breezy\.hr", re.I)),
    (".jobs.personio.", re.compile(r"(?P<t>[a-z0-9-]+)\.jobs\.personio\.(?:de|com)", re.I)),
    (".applytojob.com", re.compile(r"(?P<t>[a-z0-9-]+)\.applytojob\.com", re.I)),
)
_TENANT_IGNORED = frozenset(
    {"www", "app", "jobs", "careers", "api", "embed", "job", "apply", "en", "us", "boards"}
)
_TENANT_WINDOW = 80
_WORKDAY_ROBOT = re.compile(r"no-?reply|donotreply|^wd\d*-|notification")


def _tenant_company(slug: str) -> str | None:
    slug = slug.lower()
    if slug in _TENANT_IGNORED:
        return None
    return clean_company(slug.replace("_", " ").replace("-", " ").title(), from_prose=False)


def _subject_company(subject: str, allow: str | None) -> str | None:
    patterns = _SUBJECT_COMPANY
    if not _SUBJECT_I18N_WORDS.isdisjoint(words_of(subject.lower())):
        patterns += _SUBJECT_COMPANY_I18N
    for pattern in patterns:
        for match in pattern.finditer(subject):
            company = clean_company(match.group("c"), allow=allow)
            if company:
                return company
    # Subjects like "Acme: Software Engineer" or "Software Engineer, Payments - Acme".
    parts = _SUBJECT_SEPARATORS.split(subject)
    if len(parts) < 2:
        return None
    if len(parts) > 2:
        # "Acme: Analyst - Status" names the employer first; in "Applied: Nurse - ICU" the
        # later parts qualify the role.
        parts = parts[:1]
    for part in parts:
        part = part.strip()
        words = part.split()
        if not words or len(words) > 4:
            continue
        # Employers are written in title case ("Pied Piper"); "Following up" is a phrase.
        if not all(
            word[0].isupper() or word[0].isdigit() or word in {"&", "and", "of"} for word in words
        ):
            continue
        if ROLE_WORDS.search(part) or _PHRASE_WORDS.search(part):
            continue
        company = clean_company(_DISPLAY_SUFFIX.sub("", part), allow=allow)
        if company:
            return company
    return None


def _name_after(body: str, position: int, allow: str | None) -> str | None:
    match = _NAME_HERE.match(body, position)
    return clean_company(match.group(), allow=allow) if match else None


def _body_company(
    body: str, lowered: str, words: set[bytes], allow: str | None, *, meeting_with: bool = True
) -> str | None:
    for anchors in _BEFORE_COMPANY:
        for anchor in anchors:
            for start in _occurrences(lowered, anchor, words):
                end = start + len(anchor)
                if lowered.startswith("the ", end):
                    end += 4
                company = _name_after(body, end, allow)
                if company:
                    return company
    for anchor in _AFTER_COMPANY:
        for start in _occurrences(lowered, anchor, words):
            line_start = body.rfind("\n", 0, start) + 1
            match = _NAME_AT_END.search(body, max(line_start, start - 60), start)
            company = clean_company(match.group("c"), allow=allow) if match else None
            if company:
                return company
    for anchor in _INTEREST:
        for start in _occurrences(lowered, anchor, words):
            filler = _INTEREST_FILLER.match(lowered, start + len(anchor))
            position = filler.end() if filler else start + len(anchor)
            company = _name_after(body, position, allow)
            if company:
                return company
    with_words = _AT_WORDS if meeting_with else _WITH_WORDS
    for anchor, before in ((" at ", _AT_WORDS), (" with ", with_words), *_AT_WORDS_I18N.items()):
        for start in _occurrences(lowered, anchor, words):
            word_start = lowered.rfind(" ", 0, start) + 1
            if lowered[word_start:start] in before:
                company = _name_after(body, start + len(anchor), allow)
                if company:
                    return company
    for line in body.rsplit("\n", 15)[-15:]:  # sign-offs close the message
        if len(line) <= 60 and line.rstrip().lower().endswith(_SIGN_OFF_ENDINGS):
            match = _SIGN_OFF.match(line)
            company = clean_company(match.group("c"), allow=allow) if match else None
            if company:
                return company
    for anchor in ("join ", "joining "):
        for start in _occurrences(lowered, anchor, words):
            end = start + len(anchor)
            if lowered.startswith("the team at ", end):
                end += len("the team at ")
            company = _name_after(body, end, allow)
            if company:
                return company
    return None


def _url_company(lowered: str) -> str | None:
    for needle, pattern in _TENANT_URLS:
        # URL parts are not whole words ("myworkdayjobs"), so no word gate here.
        for start in _occurrences(lowered, needle, None):
            match = pattern.search(
                lowered, max(0, start - _TENANT_WINDOW), start + len(needle) + _TENANT_WINDOW
            )
            company = _tenant_company(match.group("t")) if match else None
            if company:
                return company
    return None


_WORD_TOKEN = re.compile(r"[^\W_]+")
_SPELLED_WORDS = 3


_CONNECTOR_WORDS = frozenset(
    {"de", "la", "le", "les", "du", "des", "del", "y", "et", "und", "and", "the", "of", "el",
     "los", "las", "di", "da", "do", "der", "die", "das", "für", "fuer"}
)  # fmt: skip
# A name as written may leave off a domain's tail ("Banco del Pacífico" at
# bancodelpacifico-chile.cl): at least this share of the domain's letters, in two words or more.
_SPELLED_SHARE = 0.7


def _spelled_as_written(slug: str, texts: tuple[str, ...]) -> str | None:
    """The way the message writes a domain's name: robertwalters → "Robert Walters",
    banque-lemanique → "Banque Lémanique", casino-corniche → "Casino de la Corniche"."""
    target = _compact(slug)
    if len(target) < 4:
        return None
    best: str | None = None
    for text in texts:
        if target[:4] not in _compact(text):
            continue
        tokens = list(_WORD_TOKEN.finditer(text))
        for index, first in enumerate(tokens):
            if not first.group()[0].isupper() or not target.startswith(_compact(first.group())):
                continue
            full = bare = ""
            for count, last in enumerate(tokens[index : index + _SPELLED_WORDS + 3], start=1):
                word = _compact(last.group())
                full += word
                if word not in _CONNECTOR_WORDS:
                    bare += word
                name = text[first.start() : last.end()]
                if target in (full, bare):
                    return name
                if not (target.startswith(full) or target.startswith(bare)):
                    break
                long_enough = count >= 2 and len(bare) >= _SPELLED_SHARE * len(target)
                ends_on_a_name = word not in _CONNECTOR_WORDS and last.group()[0].isupper()
                if long_enough and ends_on_a_name and best is None:
                    best = name
    return best


# How close a name written in the message must be to the domain to stand for it.
_WRITTEN_LIKE_DOMAIN = 0.8
# The end of a body, where signatures and legal footers name the employer in full.
_SIGNATURE_CHARS = 1500


def _written_like(slug: str, texts: tuple[str, ...]) -> str | None:
    """A capitalised name in the display name or the signature that is close to the domain:
    "Banco Comunal Esperanza" for bancoesperanza.com.pe, "Oberländer Executive Search" for
    oberlaender-executive.de."""
    target = _compact(slug)
    best: tuple[float, int, str] | None = None
    for text in texts:
        tokens = list(_WORD_TOKEN.finditer(text))
        for index, first in enumerate(tokens):
            if not first.group()[0].isupper() or _compact(first.group())[:2] != target[:2]:
                continue
            joined = ""
            for last in tokens[index : index + 5]:
                if last.start() - first.start() > 80 or "\n" in text[first.start() : last.end()]:
                    break
                joined += _compact(last.group())
                if not last.group()[0].isupper() and _compact(last.group()) not in _CONNECTOR_WORDS:
                    break
                if _compact(last.group()) in _CONNECTOR_WORDS:
                    continue
                ratio = SequenceMatcher(None, joined, target).ratio()
                if ratio >= _WRITTEN_LIKE_DOMAIN:
                    candidate = (ratio, len(joined), text[first.start() : last.end()])
                    if best is None or candidate[:2] > best[:2]:
                        best = candidate
    return best[2] if best else None


def _domain_company(sender: Sender, body: str) -> str | None:
    if not sender.is_company_domain:
        return None
    slug = registered_domain(sender.domain).split(".")[0]
    company = _tenant_company(slug)
    if company and len(slug) > 2:
        # The domain vouches for the name, so "Hiring Hub" needs no generic-word check.
        texts = (sender.name, body)
        return (
            _spelled_as_written(slug, texts)
            or _written_like(slug, (sender.name, body[-_SIGNATURE_CHARS:]))
            or company
        )
    return company


# A signature or host line: "Talent Partner, Shopify", "Alex Chen - Talent Acquisition, Tessian".
_TITLE_LINE = re.compile(
    r"(?i:recruiter|recruiting|consultant|talent acquisition|partner|sourcer|headhunter)"
    rf"\s*(?:,|(?i:at)|@|\||-|–)\s*(?P<c>{_NAME})\s*$"
)
_TITLE_WORDS = ("recruit", "talent", "sourcer", "partner", "consultant", "headhunter")


def _title_line_company(body: str, lowered: str) -> str | None:
    if not any(word in lowered for word in _TITLE_WORDS):
        return None
    for line in body.split("\n"):
        if len(line) > 100 or not any(word in line.lower() for word in _TITLE_WORDS):
            continue
        match = _TITLE_LINE.search(line)
        company = clean_company(match.group("c")) if match else None
        if company:
            return company
    return None


def find_company(
    sender: Sender, subject: str, body: str, lowered: str, words: set[bytes]
) -> tuple[str | None, str]:
    """The employer and where it was read, from the most to the least reliable source.

    `lowered` is `lower_same_length(body)`; `words` is `rules.words_of` of the body.
    """
    company, how = _display_company(sender)
    # "Ashford University Health <ashford@myworkday.com>" is the tenant, not a person called
    # Ashford: on an ATS relay the mailbox is the employer's slug.
    person = _looks_like_person(sender) and not (
        sender.ats == "Workday" and company and _compact(company).startswith(_compact(sender.local))
    )
    # Someone at the platform itself (frank@personio.de, not jane@hire.lever.co) works there.
    own_platform = (
        (sender.platform or sender.board)
        if person and sender.domain == registered_domain(sender.domain)
        else None
    )
    if company and how in {"suffix", "person at"}:
        return company, "display name"
    # An ATS writes the employer in the From header, unless a recruiter sends as themselves.
    if company and how == "bare" and sender.ats and not person:
        return company, "display name"
    if sender.ats == "Workday" and sender.local and not _WORKDAY_ROBOT.search(sender.local):
        tenant = _tenant_company(sender.local)
        if tenant:
            slug = sender.local.replace("_", "")
            spelled = _spelled_as_written(slug, (sender.name, subject, body))
            return spelled or tenant, "Workday tenant in sender address"
    # Scheduling tools put the interviewer's name in the subject; their body names the employer,
    # most plainly in the host's title line.
    if sender.scheduling:
        company = _title_line_company(body, lowered) or _body_company(
            body, lowered, words, own_platform
        )
        if company:
            return company, "body"
    company = _subject_company(subject, own_platform)
    if company:
        return company, "subject"
    # A person writing from their employer's domain meets colleagues "with" names; the domain
    # names the employer better than those.
    at_company = person and sender.is_company_domain
    company = _body_company(body, lowered, words, own_platform, meeting_with=not at_company)
    if company:
        # "Trinity" signed as "Trinity Talent" from trinitytalent.com: the fuller name.
        compact = company.casefold().replace(" ", "")
        slug = registered_domain(sender.domain).split(".")[0] if at_company else ""
        if slug.startswith(compact) and slug != compact:
            domain = _domain_company(sender, body)
            if domain and domain.casefold().startswith(f"{company.casefold()} "):
                company = domain
        return company, "body"
    company = _url_company(lowered)
    if company:
        return company, "job-board URL in body"
    company = _domain_company(sender, body) or own_platform
    if company:
        return company, f"sender domain {sender.domain}"
    company = _title_line_company(body, lowered)
    if company:
        return company, "signature"
    return None, ""


def _compact(text: str) -> str:
    return "".join(char for char in fold(text.casefold()) if char.isalnum())

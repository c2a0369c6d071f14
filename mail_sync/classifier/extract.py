"""Which company and which role a message is about.

Subjects are short, so plain patterns read them. Bodies are long: there we look for anchor
phrases ("applying to ", " has invited you", " position") in the lower-case body with fast
substring search, then read the capitalised name or title next to each anchor in the original
text with a pattern anchored at that spot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from mail_sync.classifier.phrases import fold, words_of
from mail_sync.classifier.senders import GENERIC_NAMES, PLATFORM_NAMES, Sender, registered_domain

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
_DISPLAY_VIA = re.compile(r"\s*(?:via|through|on|@|\bat\b|\|)\s*(?P<platform>[\w .-]+)$", re.I)
_DISPLAY_PERSON_AT = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}\s+(?:from|at|@|\||-|–)\s+(?P<company>.+)$"
)
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|gmbh|ag|s\.?a|plc|corp|corporation|co|b\.?v|oy|ab)\.?$", re.I
)
ROLE_WORDS = re.compile(
    r"\b(?:engineer|engineering|developer|designer|manager|scientist|analyst|architect|lead"
    r"|director|specialist|consultant|intern|internship|coordinator|administrator|researcher"
    r"|writer|editor|recruiter|associate|officer|head|vp|sre|devops|accountant|representative"
    r"|executive|strategist|technician|advocate|programmer|product|marketing|sales|support"
    r"|operations|partner|counsel|assistant|principal|staff|senior|junior|sr|jr|backend"
    r"|frontend|full[- ]?stack|data|ml|qa|tester|owner|generalist|success|nurse|teacher"
    r"|physician|doctor|pharmacist|therapist|driver|chef|cook|clerk|cashier|agent|attorney"
    r"|lawyer|paralegal|auditor|controller|bookkeeper|economist|statistician|mechanic"
    r"|electrician|planner|buyer|producer|artist|animator|photographer|journalist|copywriter"
    r"|tutor|professor|lecturer|postdoc|fellow|apprentice|trainee|graduate|technologist"
    r"|hygienist|receptionist|secretary|supervisor|foreman|worker|operator|advisor|adviser"
    r"|expert|evangelist|instructor|coach|manager|consultant|solutions"
    # German, French, Spanish titles
    r"|entwickler|entwicklerin|ingenieur|ingenieurin|berater|beraterin|leiter|leiterin"
    r"|werkstudent|werkstudentin|praktikant|praktikantin|referent|referentin|sachbearbeiter"
    r"|sachbearbeiterin|projektmanager|softwareentwickler|softwareentwicklerin|architekt"
    r"|ingénieur|ingénieure|développeur|developpeur|développeuse|chef|chargé|chargée|responsable"
    r"|stagiaire|alternant|alternante|analyste|directeur|directrice|commercial|commerciale"
    r"|comptable|concepteur|chercheur|chercheuse|juriste|ingeniero|ingeniera|desarrollador"
    r"|desarrolladora|programador|programadora|analista|jefe|jefa|becario|becaria|consultor"
    r"|consultora|gerente|técnico|tecnico|técnica|diseñador|diseñadora|directora|coordinador"
    r"|coordinadora|administrativo|administrativa|contable|investigador|investigadora"
    r"|enfermero|enfermera|profesor|profesora|vendedor|vendedora)\b",
    re.I,
)
_PHRASE_WORDS = re.compile(
    r"\b(?:thank|thanks|application|applying|applied|interview|interviewing|invitation|invite"
    r"|update|offer|assessment|challenge|confirmation|received|next|steps?|your|you|we|our"
    r"|regarding|re|fwd|status|schedule|scheduled|availability|action|required|reminder"
    r"|congratulations|opportunity|important|new|job|alert|jobs|request|welcome|hello|hi"
    r"|follow|feedback|decision|test|exercise|from|with|candidate|position|role|call|chat"
    r"|event|confirmed|quick|question|meeting|submission|case|study|assignment|take-home"
    r"|screen|minute|minutes"
    r"|bewerbung|einladung|vorstellungsgespräch|gespräch|angebot|absage|rückmeldung|ihre|ihr"
    r"|deine|dein|neue|terminvorschläge|spannende|eingangsbestätigung|candidature|entretien"
    r"|offre|votre|ton|ta|suite|opportunité|nouvelles|promesse|merci|candidatura|solicitud"
    r"|entrevista|oferta|tu|su|gracias|nuevas|oportunidad|actualización|confirmación"
    r"|convocatoria|proceso)\b",
    re.I,
)
_SUBJECT_SEPARATORS = re.compile(r"\s+[-–—|]\s+|:\s+|\s+/\s+")

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
_ROLE_STRAY_WORDS = re.compile(
    r"\b(?:you|your|we|our|us|thank|thanks|interview|application|ihre|ihnen|wir|uns|vous|votre"
    r"|nous|usted|nuestro|nuestra)\b",
    re.I,
)
_SUBJECT_ROLE_LEAD = re.compile(
    r"^(?i:application (?:for|to)|applied for|your application(?: for)?|interview(?: for)?"
    r"|offer(?: for)?|assessment(?: for)?|invitation(?: for)?|role|position|job)\s*:?\s+"
)


_LEADING_ARTICLE = re.compile(r"^(?:the|team|ihr|dein|euer)\s+", re.I)
_POSSESSIVE = re.compile(r"'s$|’s$")
_NAME_SPLIT = re.compile(r"[\s.'-]+")
_MAILBOX_SPLIT = re.compile(r"[._-]")
_WORKDAY_ROBOT = re.compile(r"no-?reply|donotreply|^wd\d*-|notification")
_TITLE_JOINERS = frozenset({"of", "and", "&", "for", "in", "to", "-", "/", "the"})
_ROLE_LEADING_WORD = re.compile(r"^(?:the|our|a|an|open)\s+", re.I)
_ROLE_TRAILING_NOUN = re.compile(r"\s+(?:position|role|opening|job)$", re.I)


def lower_same_length(text: str) -> str:
    """Lower case with offsets kept, so a position in it is a position in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def _needed_words(anchor: str) -> frozenset[bytes]:
    return frozenset(words_of(anchor))


def _occurrences(haystack: str, needle: str, words: set[bytes] | None) -> Iterator[int]:
    """Where needle occurs; skipped at once when a word of it is missing from the message."""
    if words is not None and not _needed_words(needle) <= words:
        return
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)


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
        name = name[: via.start()]
        stripped = True
    for _ in range(3):
        new = _DISPLAY_SUFFIX.sub("", _DISPLAY_PREFIX.sub("", name)).strip()
        if new == name:
            break
        name, stripped = new, True
    if stripped:
        return clean_company(name, from_prose=False), "suffix"
    person_at = _DISPLAY_PERSON_AT.match(name)
    if person_at:
        return clean_company(person_at.group("company"), from_prose=False), "person at"
    return clean_company(name, from_prose=False), "bare"


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


def _body_company(body: str, lowered: str, words: set[bytes], allow: str | None) -> str | None:
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
    for anchor, before in ((" at ", _AT_WORDS), (" with ", _AT_WORDS), *_AT_WORDS_I18N.items()):
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


def _domain_company(sender: Sender) -> str | None:
    if not sender.is_company_domain:
        return None
    return _tenant_company(registered_domain(sender.domain).split(".")[0])


def find_company(
    sender: Sender, subject: str, body: str, lowered: str, words: set[bytes]
) -> tuple[str | None, str]:
    """The employer and where it was read, from the most to the least reliable source.

    `lowered` is `lower_same_length(body)`; `words` is `rules.words_of` of the body.
    """
    company, how = _display_company(sender)
    person = _looks_like_person(sender)
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
            return tenant, "Workday tenant in sender address"
    # Scheduling tools put the interviewer's name in the subject; their body names the employer.
    if sender.scheduling:
        company = _body_company(body, lowered, words, own_platform)
        if company:
            return company, "body"
    company = _subject_company(subject, own_platform)
    if company:
        return company, "subject"
    company = _body_company(body, lowered, words, own_platform)
    if company:
        return company, "body"
    company = _url_company(lowered)
    if company:
        return company, "job-board URL in body"
    company = _domain_company(sender) or own_platform
    if company:
        return company, f"sender domain {sender.domain}"
    return None, ""


def _clean_role(raw: str, *, title_word_needed: bool = True) -> str | None:
    role = _ROLE_JUNK.sub("", raw).strip(" \t-–,:;\"'“”")
    role = _ROLE_LEADING_WORD.sub("", role)
    role = _ROLE_TRAILING_NOUN.sub("", role)
    if not role or len(role) > 80 or len(role.split()) > 9:
        return None
    if role.isupper() and len(role) > 4:
        role = role.title()
    if role.casefold() in GENERIC_NAMES or (title_word_needed and not ROLE_WORDS.search(role)):
        return None
    if not title_word_needed and not all(
        word[:1].isupper() or word in _TITLE_JOINERS for word in role.split()
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

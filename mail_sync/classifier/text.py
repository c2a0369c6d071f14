"""Getting the words that matter: forwarded and quoted mail, and hypothetical clauses.

Regexes here either start with a literal or run only on a short piece of text after a cheap
substring test: CPython's `re` scans fast for a literal prefix and slowly otherwise.
"""

from __future__ import annotations

import re

SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs)\s*(?:\[\d+\])?\s*:\s*|\[(?:external|ext)\]\s*)+",
    re.I,
)
_FORWARD_MARKERS = (
    "forwarded message",
    "original message",
    "weitergeleitete nachricht",
    "ursprüngliche nachricht",
    "urspruengliche nachricht",
    "message transféré",
    "message transfere",
    "message d'origine",
    "mensaje reenviado",
    "mensaje original",
)
_FORWARD_LINE = re.compile(
    r"^[-\s]*(?:forwarded message|original message|begin forwarded message"
    r"|weitergeleitete nachricht|urspr(?:ü|ue)ngliche nachricht|message transf(?:é|e)r(?:é|e)"
    r"|message d'origine|mensaje reenviado|mensaje original)[^\n]*$",
    re.I,
)
# Forwarded headers as Gmail and Outlook write them in English, German, French and Spanish.
_HEADER_LINE = re.compile(
    r"^\s*(From|Von|De|Date|Datum|Fecha|Sent|Gesendet|Envoy(?:é|e)|Enviado|Subject|Betreff|Objet"
    r"|Asunto|To|An|À|A|Para|Cc|Reply-To)\s*:\s*(.*)$",
    re.I,
)
_FROM_KEYS = frozenset({"from", "von", "de"})
_SUBJECT_KEYS = frozenset({"subject", "betreff", "objet", "asunto"})
_QUOTE_INTRO = re.compile(r"^\s*On [^\n]{5,200}wrote:\s*$")


def clean_subject(subject: str) -> str:
    """Drop reply/forward prefixes ("Re: Fwd: [External]")."""
    return SUBJECT_PREFIX.sub("", subject).strip()


def unwrap_forward(sender: str, body: str) -> tuple[str, str, str | None]:
    """A forwarded message is judged by its original sender, body and subject."""
    lowered = body.lower()
    if not any(marker in lowered for marker in _FORWARD_MARKERS):
        return sender, body, None
    lines = body.split("\n")
    index = next((i for i, line in enumerate(lines) if _FORWARD_LINE.match(line)), None)
    if index is None:
        return sender, body, None
    inner_from: str | None = None
    inner_subject: str | None = None
    rest = lines[index + 1 :]
    consumed = 0
    for line in rest:
        header = _HEADER_LINE.match(line)
        if header:
            key = header.group(1).lower()
            if key in _FROM_KEYS:
                inner_from = header.group(2)
            elif key in _SUBJECT_KEYS:
                inner_subject = header.group(2)
            consumed += 1
        elif not line.strip() and consumed == 0:
            consumed += 1
        else:
            break
    return inner_from or sender, "\n".join(rest[consumed:]), inner_subject


def drop_quoted(body: str) -> str:
    """Keep the newest message of a reply: older quoted mail says nothing about this one."""
    if " wrote:" in body:
        lines = body.split("\n")
        for index, line in enumerate(lines):
            if line.rstrip().endswith("wrote:") and _QUOTE_INTRO.match(line):
                body = "\n".join(lines[:index])
                break
    if "\n>" in body or body.startswith(">"):
        body = "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))
    return body


# Sentences end at end punctuation or blank lines; single line breaks are only wrapping.
# The pattern opens with one character class so re can skip ahead to candidate characters.
_SENTENCE_SPLIT = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*\s+|(?<=\n)[ \t]*(?:\n\s*|[-*•][ \t]+))")
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
# The same in German, French and Spanish, looked for only when one of these words is present.
_BENIGN_WORDS = frozenset({b"si", b"wenn", b"falls"})
_BENIGN_MARKERS = ("si ", "wenn", "falls")
_BENIGN_CONDITION_I18N = re.compile(
    r"\b(?:falls|wenn) (?:sie|du|ihr) (?:noch )?(?:\S+ )?fragen[^.,;]*"
    r"|\b(?:auch|selbst) wenn\b"
    r"|\b(?:dites|indiquez|faites)-(?:nous|moi) si\b[^.,;]*"
    r"|\b(?:indiquer|dire|confirmer|savoir|voir|preciser) si\b[^.,;]*"
    r"|\bsi (?:vous avez|tu as) (?:des|d'autres) questions?[^.,;]*"
    r"|\bsi (?:vous etes|tu es) (?:toujours )?interesse[^.,;]*"
    r"|\b(?:meme|comme) si\b"
    r"|\b(?:dinos|indicanos|avisanos|confirmanos|saber|ver|indicar) si\b[^.,;]*"
    r"|\bsi (?:tienes|tiene) (?:alguna |cualquier )?(?:pregunta|duda)s?[^.,;]*"
    r"|\bcomo si\b"
)
_START_CONDITION = re.compile(
    r"^\W*(?:if|unless|should (?:we|you|your|there|the|our|it|a)|in the (?:event|case)|in case"
    r"|once (?:we|our|the|your|a|you|this)|whether|assuming|provided|were (?:we|you) to"
    r"|when (?:we|our|a)|after (?:we|our|the (?:team|hiring))|selected candidates"
    r"|only (?:selected|shortlisted)|(?:successful|shortlisted|qualified) (?:candidates|applicants)"
    r"|candidates who)\b"
)
# Marker substrings, each with the word that must be in the message for it to occur.
_MID_MARKERS = (
    (b"if", "if "),
    (b"unless", "unless"),
    (b"should", "should "),
    (b"event", "in the event"),
    (b"case", "in the case"),
    (b"case", "in case"),
    (b"once", "once "),
    (b"whether", "whether"),
    (b"provided", "provided that"),
    (b"assuming", "assuming"),
)
_MID_CONDITION = re.compile(
    r"\b(?:if|unless|should (?:we|you|your|there|the|our)|in the (?:event|case)|in case"
    r"|once (?:we|our|the|your)|whether|provided that|assuming)\b"
)
# The same in German, French and Spanish (folded text): "Falls Ihr Profil passt…", "Si votre
# profil correspond…", "Si tu perfil encaja…". Kept apart so English mail never runs them.
_START_WORDS_I18N = frozenset(
    b"falls sofern wenn sobald falle sollte sollten nur ausgewaehlte ausgewahlte geeignete"
    b" passende si il ils cas lorsque des fois seul seule seuls seules candidats"
    b" caso vez siempre cuando solo solamente unicamente candidatos".split()
)
_START_CONDITION_I18N = re.compile(
    r"^\W*(?:falls|sofern|wenn|sobald|im falle|sollten? (?:wir|sie|du|ihr|ihre|dein|deine|es"
    r"|sich|unser|unsere)|nur (?:ausgewaehlte|ausgewahlte|geeignete)|(?:ausgewaehlte|ausgewahlte"
    r"|geeignete|passende) (?:kandidat|bewerber)\w*"
    r"|si|s'il|s'ils|au cas ou|dans le cas ou|lorsque|des que|une fois que|seul(?:e)?s? les"
    r"|(?:les )?candidat(?:e)?s (?:retenu|selectionne|preselectionne)\w*"
    r"|en (?:el )?caso de|una vez que|siempre que|cuando (?:nuestro|el equipo|tengamos|hayamos)"
    r"|(?:solo|solamente|unicamente) (?:los|las)|(?:los )?candidatos (?:seleccionados"
    r"|preseleccionados))\b"
)
# "Sí, …" (yes) reads "si, …" once folded; a conditional "si" runs straight into its clause
# ("Si tu perfil encaja, …"), so a leading "si" with a comma after it is the answer.
_LEADING_YES = re.compile(r"\W*si,\s*")
_MID_MARKERS_I18N = (
    (b"falls", "falls "),
    (b"sofern", "sofern"),
    (b"wenn", "wenn "),
    (b"sollten", "sollten "),
    (b"sollte", "sollte "),
    (b"sobald", "sobald"),
    (b"si", "si "),
    (b"il", "s'il"),
    (b"cas", "cas ou"),
    (b"des", "des que"),
    (b"caso", "caso de"),
    (b"siempre", "siempre que"),
    (b"vez", "una vez que"),
)
_MID_CONDITION_I18N = re.compile(
    r"\b(?:falls|sofern|wenn|sollten? (?:wir|sie|du|ihr|ihre|dein|deine|es|sich)|sobald"
    r"|si|s'ils?|au cas ou|dans le cas ou|des que|en (?:el )?caso de|siempre que|una vez que)\b"
)
_FUTURE_MARKERS = (
    (b"will", "will "),
    (b"ll", "'ll "),
    (b"shall", "shall "),
    (b"may", "may "),
    (b"might", "might "),
)
_FUTURE_CONTACT = re.compile(
    r"\b(?:will|'ll|shall|may|might)\b(?:\s+\w+){0,4}?\s+(?:reach out|contact you|contact"
    r" candidates|be in touch|get in touch|get back to you|follow up with you|be contacting"
    r"|notify you|invite (?:you|candidates)|be invited|be contacted|hear from us|schedule"
    r" (?:an? |your )?(?:interview|call|phone)|set up (?:an? )?(?:interview|call))"
)
# "…melden wir uns", "nous vous contacterons", "te contactaremos": with what they are for
# ("…, um ein Interview zu vereinbaren"), so the rest of the sentence goes with them.
_FUTURE_MARKERS_I18N = (
    (b"melden", "melden"),
    (b"meldet", "meldet"),
    (b"kontaktieren", "kontaktieren"),
    (b"verbindung", "verbindung"),
    (b"kontakt", "kontakt"),
    (b"nachricht", "nachricht"),
    (b"contacterons", "contacterons"),
    (b"recontacterons", "contacterons"),
    (b"contactera", "contactera"),
    (b"reviendrons", "reviendrons"),
    (b"reviendra", "reviendra"),
    (b"contacte", "contacte"),
    (b"prendrons", "prendrons contact"),
    (b"contactaremos", "contactaremos"),
    (b"contactara", "contactara"),
    (b"pondremos", "pondremos"),
    (b"pondra", "pondra"),
    (b"noticias", "noticias"),
    (b"llamaremos", "llamaremos"),
)
_FUTURE_CONTACT_I18N = re.compile(
    r"\b(?:melden (?:wir|uns|sich)|werden (?:wir )?uns (?:\S+ ){0,3}?melden|wird sich"
    r" (?:\S+ ){0,4}?melden|meldet sich|(?:wir|sie) (?:\S+ ){0,3}?kontaktieren|in verbindung"
    r" setzen|kontakt (?:\S+ ){0,3}?aufnehmen|nehmen wir (?:\S+ ){0,3}?kontakt|erhalten (?:sie|du)"
    r" (?:\S+ ){0,2}?nachricht"
    r"|(?:vous|te) (?:re)?contacter(?:ons|a|ont)|reviendr(?:ons|a|ont) vers|prendrons contact"
    r"|(?:serez|seras|sera|seront) (?:re)?contacte"
    r"|(?:te|le|les|os) (?:contactaremos|contactara|llamaremos|escribiremos)|nos pondremos en"
    r" contacto|se pondra en contacto|recibiras noticias|recibira noticias)\b"
)
_PROCESS_MARKERS = (
    (b"process", "process"),
    (b"typically", "typically"),
    (b"usually", "usually"),
    (b"generally", "generally"),
    (b"normally", "normally"),
    (b"volume", "volume"),
    (b"number", "number of"),
    (b"respond", "respond to"),
    (b"reply", "reply to"),
    (b"individual", "individual"),
)
_PROCESS_DESCRIPTION = re.compile(
    r"\b(?:our|the) (?:hiring|interview|recruiting|recruitment|selection) process"
    r" (?:typically |usually |generally |normally )?(?:includes|consists|involves|has|is made)"
    r"|\b(?:typically|usually|generally|normally)\b"
    r"|\bdue to the (?:high |large )?(?:volume|number) of (?:applications|applicants|candidates)"
    r"|\b(?:respond|reply) to (?:every|each|all) (?:applicant|candidate|application)"
    r"|\bindividual (?:feedback|responses?)\b.*\b(?:every|each|all)\b"
)
_PROCESS_MARKERS_I18N = (
    (b"aufgrund", "aufgrund"),
    (b"jede", "jede "),
    (b"raison", "raison"),
    (b"individuellement", "individuellement"),
    (b"debido", "debido"),
    # "individual" and "volume" are English words too: they are looked for only in mail that
    # has the Spanish or French words their clauses need, so English mail skips this pass.
    (b"forma", "individual"),
    (b"manera", "individual"),
    (b"nombre", "nombre de"),
    (b"numero", "numero de"),
    (b"volumen", "volumen"),
    (b"candidatures", "volume"),
    (b"candidats", "volume"),
)
_PROCESS_DESCRIPTION_I18N = re.compile(
    r"\baufgrund (?:der|des) (?:\S+ ){0,2}?(?:anzahl|zahl|menge|aufkommens?|vielzahl|flut)"
    r"|\bnicht jede (?:einzelne )?(?:bewerbung|anfrage|zuschrift)"
    r"|\ben raison du (?:\S+ ){0,2}?(?:nombre|volume)"
    r"|\b(?:grand|important|nombre|volume) (?:nombre|volume) de (?:candidatures|candidats)"
    r"|\bindividuellement\b"
    r"|\bdebido al? (?:\S+ ){0,2}?(?:numero|volumen|cantidad)"
    r"|\b(?:de forma|de manera) individual\b"
    r"|\b(?:gran|elevado|alto) (?:numero|volumen|cantidad) de (?:solicitudes|candidaturas)"
)


# Any of these words sends a message through the German/French/Spanish pass.
_I18N_WORDS = (
    _START_WORDS_I18N
    | _BENIGN_WORDS
    | {
        word
        for markers in (_MID_MARKERS_I18N, _FUTURE_MARKERS_I18N, _PROCESS_MARKERS_I18N)
        for word, _ in markers
    }
)


def _present(markers: tuple[tuple[bytes, str], ...], words: set[bytes]) -> tuple[str, ...]:
    return tuple(marker for word, marker in markers if word in words)


def strip_hypotheticals(text: str, words: set[bytes]) -> tuple[str, list[str]]:
    """Remove conditional, hypothetical and process-describing clauses from lower-case text.

    A sentence opening with a condition goes entirely (its main clause depends on it); a
    condition later in a sentence cuts the sentence there; a clause that only promises future
    contact ("a recruiter will contact you") goes; so do descriptions of the process and of
    how many applications arrive. `words` are the text's words (`rules.words_of`): markers
    absent from the whole message are never looked for sentence by sentence, and German,
    French and Spanish clauses are looked for in a second pass only when a word of theirs is
    present. Returns the kept text and what was dropped.
    """
    text, dropped = _strip_english(text, words)
    if not _I18N_WORDS.isdisjoint(words):
        text, dropped_i18n = _strip_i18n(text, words)
        dropped += dropped_i18n
    return text, dropped


def _strip_english(text: str, words: set[bytes]) -> tuple[str, list[str]]:
    mid_markers = _present(_MID_MARKERS, words)
    future_markers = _present(_FUTURE_MARKERS, words)
    process_markers = _present(_PROCESS_MARKERS, words)
    has_if = b"if" in words
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        sentence = sentence.replace("\n", " ").strip()
        if not sentence:
            continue
        if has_if and "if" in sentence:
            sentence = _BENIGN_CONDITION.sub(" ", sentence)
        if _START_CONDITION.match(sentence) or (
            process_markers
            and any(marker in sentence for marker in process_markers)
            and _PROCESS_DESCRIPTION.search(sentence)
        ):
            dropped.append(sentence)
            continue
        if mid_markers and any(marker in sentence for marker in mid_markers):
            mid = _MID_CONDITION.search(sentence)
            if mid:
                dropped.append(sentence[mid.start() :])
                sentence = sentence[: mid.start()]
        if (
            future_markers
            and any(marker in sentence for marker in future_markers)
            and _FUTURE_CONTACT.search(sentence)
        ):
            for clause in _CLAUSE_SPLIT.split(sentence):
                if _FUTURE_CONTACT.search(clause):
                    dropped.append(clause)
                else:
                    kept.append(clause)
            continue
        kept.append(sentence)
    return " . ".join(kept), dropped


def _strip_i18n(text: str, words: set[bytes]) -> tuple[str, list[str]]:
    """The same for German, French and Spanish; a future-contact clause takes the rest of its
    sentence with it ("…, melden wir uns, um ein Interview zu vereinbaren")."""
    mid_markers = _present(_MID_MARKERS_I18N, words)
    future_markers = _present(_FUTURE_MARKERS_I18N, words)
    process_markers = _present(_PROCESS_MARKERS_I18N, words)
    has_start = not _START_WORDS_I18N.isdisjoint(words)
    has_benign = not _BENIGN_WORDS.isdisjoint(words)
    has_si = b"si" in words
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if has_si:
            answer = _LEADING_YES.match(sentence)
            if answer:
                sentence = sentence[answer.end() :]
        if has_benign and any(marker in sentence for marker in _BENIGN_MARKERS):
            sentence = _BENIGN_CONDITION_I18N.sub(" ", sentence)
        if (has_start and _START_CONDITION_I18N.match(sentence)) or (
            process_markers
            and any(marker in sentence for marker in process_markers)
            and _PROCESS_DESCRIPTION_I18N.search(sentence)
        ):
            dropped.append(sentence)
            continue
        if mid_markers and any(marker in sentence for marker in mid_markers):
            mid = _MID_CONDITION_I18N.search(sentence)
            if mid:
                dropped.append(sentence[mid.start() :])
                sentence = sentence[: mid.start()]
        if future_markers and any(marker in sentence for marker in future_markers):
            future = _FUTURE_CONTACT_I18N.search(sentence)
            if future:
                clause_start = sentence.rfind(",", 0, future.start()) + 1
                dropped.append(sentence[clause_start:].strip())
                sentence = sentence[:clause_start]
        kept.append(sentence)
    return " . ".join(kept), dropped

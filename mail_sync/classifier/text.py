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
_FORWARD_MARKERS = ("forwarded message", "original message")
_FORWARD_LINE = re.compile(
    r"^[-\s]*(?:forwarded message|original message|begin forwarded message)[^\n]*$", re.I
)
_HEADER_LINE = re.compile(r"^\s*(From|Date|Sent|Subject|To|Cc|Reply-To)\s*:\s*(.*)$", re.I)
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
            if key == "from":
                inner_from = header.group(2)
            elif key == "subject":
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


def _present(markers: tuple[tuple[bytes, str], ...], words: set[bytes]) -> tuple[str, ...]:
    return tuple(marker for word, marker in markers if word in words)


def strip_hypotheticals(text: str, words: set[bytes]) -> tuple[str, list[str]]:
    """Remove conditional, hypothetical and process-describing clauses from lower-case text.

    A sentence opening with a condition goes entirely (its main clause depends on it); a
    condition later in a sentence cuts the sentence there; a clause that only promises future
    contact ("a recruiter will contact you") goes; so do descriptions of the process and of
    how many applications arrive. `words` are the text's words (`rules.words_of`): markers
    absent from the whole message are never looked for sentence by sentence. Returns the
    kept text and what was dropped.
    """
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

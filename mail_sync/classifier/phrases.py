"""How a phrase rule is written, compiled and gated, and the folded text it runs on.

Rules run on lower-case text with typographic apostrophes straightened and accents folded
(`fold`: "für" and "fuer" both read "fuer", "reçu" reads "recu", "información" reads
"informacion"), so a pattern is written once, in ASCII, and matches the accented and the
unaccented spelling alike. Every pattern starts with a literal (at least two characters) so
CPython's `re` can jump between occurrences of it instead of trying the pattern at every
position; that literal must start a word unless it starts with a space or an apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_REGEX_SYNTAX = set("\\.^$*+?{}[]|()")
# German umlauts fold the way Germans write them without one ("für" → "fuer"); every other
# accent is dropped ("é" → "e", "ñ" → "n").
_GERMAN_FOLDS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
_COMBINING_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Lower-case text with its accents folded to ASCII letters; other characters stay."""
    if text.isascii():
        return text
    if "\u0308" in text:  # a decomposed umlaut: compose it so it folds to "ue", not "u"
        text = unicodedata.normalize("NFC", text)
    for accented, plain in _GERMAN_FOLDS:
        if accented in text:
            text = text.replace(accented, plain)
    if text.isascii():
        return text
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))


_WORD_CHARS = set(b"abcdefghijklmnopqrstuvwxyz0123456789")
_TO_WORDS = bytes(c if c in _WORD_CHARS else 32 for c in range(256))


def words_of(text: str) -> set[bytes]:
    """The folded words of lower-case text ("we've" → we, ve; "für" → fuer): an index to gate on."""
    return set(fold(text).encode("ascii", "ignore").translate(_TO_WORDS).split())


def _literal_prefix(pattern: str) -> str:
    """The plain characters a pattern starts with (a quantified last one does not count)."""
    prefix: list[str] = []
    for char in pattern:
        if char in _REGEX_SYNTAX:
            if char in "*?{" and prefix:
                prefix.pop()
            break
        prefix.append(char)
    return "".join(prefix)


@dataclass(frozen=True)
class Rule:
    kind: str  # a job kind, or "marketing" for the not-job-mail side
    label: str
    body_weight: float
    subject_weight: float
    patterns: tuple[re.Pattern[str], ...]
    # Per pattern: the words it needs one of (b"unfortunately",), or none and a substring.
    gates: tuple[tuple[tuple[bytes, ...], str], ...]

    def search(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self.patterns)


# A literal start that ends inside a word ("invit", "candidate" in "candidates?") is filed
# under the word with these endings, which covers every inflection the rules spell out.
_INFLECTIONS = (
    *("", "s", "e", "es", "ed", "d", "ing", "ation", "ations", "ment", "ments"),
    *("n", "en", "er", "a", "as", "o", "os"),
)


_WORD_RUN = re.compile(r"[a-z0-9]+")
_WORD_END = ("\\b", "\\s", " ", "[- ]", "(?: ", "(?:'")


def _gate(pattern: str, prefix: str) -> tuple[tuple[bytes, ...], str]:
    """The words a pattern cannot match without (any one of them), and its literal start.

    Every whole word of the literal start is needed, so the longest one (the rarest, as a
    rule: "pourvu" rather than "a" in "a ete pourvu") is the gate.
    """
    if prefix.startswith("n'"):
        return (), prefix
    ends_word = pattern[len(prefix) :].startswith(_WORD_END)
    runs = [run.span() for run in _WORD_RUN.finditer(prefix)]
    whole = [
        prefix[start:end]
        for start, end in runs
        if (start > 0 or prefix[0].isalnum()) and (end < len(prefix) or ends_word)
    ]
    if whole:
        return (max(whole, key=len).encode(),), prefix
    if runs == [(0, len(prefix))]:
        return tuple(f"{prefix}{ending}".encode() for ending in _INFLECTIONS), prefix
    return (), prefix


def _compile(pattern: str) -> tuple[re.Pattern[str], tuple[tuple[bytes, ...], str]]:
    if not pattern.isascii():
        raise ValueError(f"rule patterns run on folded text, write them in ASCII: {pattern!r}")
    prefix = _literal_prefix(pattern)
    if len(prefix) < 2:
        raise ValueError(f"rule pattern needs a literal start of 2+ characters: {pattern!r}")
    gate = _gate(pattern, prefix)
    if prefix[0].isalnum() and not prefix.startswith("n'"):
        # The word boundary goes after the literal, where it does not hide the literal from
        # re's prefix scan: "offer" must not match inside "coffer".
        escaped = re.escape(prefix)
        pattern = f"{escaped}(?<![a-z0-9]{escaped}){pattern[len(prefix) :]}"
    return re.compile(pattern), gate


def rule(kind: str, label: str, body: float, subject: float, *patterns: str) -> Rule:
    """A rule for `kind` that adds `body` or `subject` weight when any pattern matches."""
    compiled = [_compile(p) for p in patterns]
    return Rule(
        kind,
        label,
        body,
        subject,
        tuple(pattern for pattern, _ in compiled),
        tuple(gate for _, gate in compiled),
    )


def each(starts: str, rest: str) -> list[str]:
    """One pattern per alternative start word: "a|b" + rest → ["a" + rest, "b" + rest]."""
    return [start + rest for start in starts.split("|")]

"""Which company a message names, learned: every capitalised name in it is a candidate, and a
logistic regression trained on the corpus scores where and how each one appears.

The hand-written extractor (`company.find_company`) reads one source after another and stops at
the first name it trusts; that fails on the mail it was not written for ("Einstellungszusage –
Kennziffer 131/26" read as a company, the fuller "Hotel Alcazaba Mar" lost to the domain). The
ranker sees all candidates at once, with the rules' pick as one feature among others: the display
name, subject segments, the sentence around each occurrence, agreement with the sender's domain,
and how often the words are written in lower case elsewhere (ordinary words are; names are not).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from mail_sync.classifier.evidence import Evidence
from mail_sync.classifier.extract.names import _looks_like_person
from mail_sync.classifier.phrases import fold
from mail_sync.classifier.senders import registered_domain

HEAD_CHARS = 2500
TAIL_CHARS = 700
MAX_TOKENS = 6
# Below this probability the ranker has no candidate it believes, and the rules' pick stands.
MIN_PROBABILITY = 0.08
# A word written in lower case at least this often elsewhere is an ordinary word.
COMMON_WORD = 0.6

_TOKEN = re.compile(r"[^\W_](?:[\w'’.&+-]*[^\W_])?\.?|&|\+")
_CONNECTORS = frozenset(
    {"&", "+", "de", "del", "la", "las", "los", "du", "des", "d'", "of", "the", "and", "für"}
    | {"und", "y", "et", "e", "do", "da", "am", "an", "der", "die", "das", "le", "les", "von"}
    | {"zu", "van", "den", "di", "della"}
)
# Legal forms, written without their final dot: "Kiezpay GmbH" is also the candidate "Kiezpay".
_LEGAL = frozenset(
    {"gmbh", "ag", "se", "kg", "mbh", "e.v", "inc", "llc", "ltd", "limited", "plc", "corp"}
    | {"co", "s.a", "sa", "s.a.c", "sac", "s.l", "sl", "sas", "sarl", "s.a.s", "b.v", "bv"}
    | {"pty", "s.r.l", "srl", "s.p.a", "spa", "oy", "ab", "a/s"}
)
_LEGAL_DOTTED = frozenset(f"{form}." for form in _LEGAL)
_UPPER = "".join(re.escape(c) for c in sorted({chr(i) for i in range(0x41, 0x250)}) if c.isupper())
_NAME_WORD = rf"[{_UPPER}0-9](?:[\w'’&+-]|\.(?=\w))*\.?"
_JOIN = "|".join(re.escape(w) for w in sorted(_CONNECTORS, key=len, reverse=True))
_RUN = re.compile(rf"(?<![\w'’.&+-]){_NAME_WORD}(?:[ \t]+(?:(?:{_JOIN})[ \t]+)*{_NAME_WORD})*")
# The word just before a run on its line (none after a separator, a line end or a sentence end)
# and the word just after it.
_BEFORE = re.compile(r"(?:^|[ \t])([\w'’&+-]+)[ \t]+$")
_DIGIT = re.compile(r"\d")
_INITIALISM = re.compile(rf"(?<!\w)[{_UPPER}]{{3,}}(?!\w)")
_AFTER = re.compile(r"[ \t]+([\w'’&+-]+)")


@lru_cache(maxsize=4096)
def _compact(text: str) -> str:
    return "".join(char for char in fold(text.casefold()) if char.isalnum())


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _is_name_token(token: str) -> bool:
    return token[0].isupper() or token[0].isdigit()


@dataclass
class _Candidate:
    text: str
    features: dict[str, float]


def _spans(text: str):
    """(tokens, previous word, next word, starts its segment) for every name span in `text`.

    The regular expression finds runs of capitalised words (joined by "de", "&", "für"…) in C;
    only those runs are looked at word by word.
    """
    for run in _RUN.finditer(text):
        tokens = run.group().split()
        start_at, end_at = run.span()
        before = _BEFORE.search(text, max(0, start_at - 40), start_at)
        outer_previous = before.group(1).casefold() if before else ""
        after = _AFTER.match(text, end_at)
        outer_following = after.group(1).casefold() if after else ""
        # A word ending in a dot ends a sentence: the run goes on as a new one after it.
        pieces, piece = [], []
        for token in tokens:
            piece.append(token)
            if token.endswith(".") and token.casefold().rstrip(".") not in _LEGAL:
                pieces.append(piece)
                piece = []
        if piece:
            pieces.append(piece)
        for number, piece in enumerate(pieces):
            names = [i for i, token in enumerate(piece) if token.casefold() not in _CONNECTORS]
            last_piece = number == len(pieces) - 1
            for position, start in enumerate(names):
                for end in names[position : position + MAX_TOKENS]:
                    if end - start >= MAX_TOKENS:
                        break
                    if start:
                        previous, first = piece[start - 1].casefold(), False
                    elif number:
                        previous, first = "", True
                    else:
                        previous, first = outer_previous, not before
                    if end + 1 < len(piece):
                        following = piece[end + 1].casefold()
                    else:
                        following = outer_following if last_piece else ""
                    written = piece[start : end + 1]
                    if written[-1].endswith(".") and written[-1].casefold() not in _LEGAL_DOTTED:
                        written = [*written[:-1], written[-1].rstrip(".")]
                    yield written, previous, following, first


_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|dear|hola|estimad[oa]|querid[oa]|bonjour|cher|chère|hallo|liebe|lieber"
    r"|sehr geehrter? (?:herr|frau)|moin|servus|kia ora|g'day)\s+([^\W\d_][\w'’-]+)",
    re.IGNORECASE,
)


def _case_counts(evidence: Evidence) -> tuple[set[str], set[str], set[str]]:
    """The words this message writes in lower case, those it writes capitalised, and the given
    names it shows (a person sender's first name, the name the greeting addresses)."""
    lower, capital = set(), set()
    for token in _TOKEN.findall(f"{evidence.subject}\n{evidence.body[:HEAD_CHARS]}"):
        word = token.casefold()
        (capital if _is_name_token(token) else lower).add(word)
    given = set()
    if _looks_like_person(evidence.sender):
        given.add(evidence.sender.name.split()[0].casefold())
    greeting = _GREETING.match(evidence.body)
    if greeting:
        given.add(greeting.group(1).casefold())
    return lower, capital, given


@dataclass
class CaseStatistics:
    """In how many corpus messages each word appears in lower case and capitalised."""

    lower: Counter
    capital: Counter
    messages: int
    given: Counter

    @classmethod
    def count(cls, evidences: list[Evidence]) -> CaseStatistics:
        lower, capital, given = Counter(), Counter(), Counter()
        for evidence in evidences:
            low, cap, names = _case_counts(evidence)
            lower.update(low)
            capital.update(cap)
            given.update(names)
        return cls(lower, capital, len(evidences), given)

    def is_given_name(self, word: str, own) -> bool:
        """Seen as a person's first name in at least two other messages."""
        return self.given.get(word, 0) - (own is not None and word in own[2]) >= 2

    def lower_share(self, word: str, own: tuple[set[str], set[str], set[str]] | None) -> float:
        if own is None:
            return self.table.get(word, _UNSEEN)[0]
        low, cap = self.lower.get(word, 0), self.capital.get(word, 0)
        # A training message must not see its own words as corpus words.
        low -= word in own[0]
        cap -= word in own[1]
        return low / (low + cap + 1)

    def frequency(self, word: str, own: tuple[set[str], set[str], set[str]] | None) -> float:
        if own is None:
            return self.table.get(word, _UNSEEN)[1]
        seen = self.lower.get(word, 0) + self.capital.get(word, 0)
        seen -= (word in own[0]) + (word in own[1])
        return math.log1p(max(seen, 0)) / math.log1p(max(self.messages, 1))

    @cached_property
    def table(self) -> dict[str, tuple[float, float]]:
        """Both figures of every corpus word, computed once for reading new mail."""
        return {
            word: (self.lower_share(word, _NOTHING), self.frequency(word, _NOTHING))
            for word in self.lower.keys() | self.capital.keys()
        }


_UNSEEN = (0.0, 0.0)
_NOTHING: tuple[set[str], set[str], set[str]] = (set(), set(), set())


def candidates(
    evidence: Evidence,
    rules_pick: str | None,
    statistics: CaseStatistics,
    *,
    own: tuple[set[str], set[str], set[str]] | None = None,
    cues: tuple[frozenset[str], frozenset[str]] | None = None,
) -> list[_Candidate]:
    """Every name the message could be about, with the features that say where it stands."""
    sender = evidence.sender
    body = evidence.body
    texts = (
        ("display", sender.name),
        ("subject", evidence.subject),
        ("head", body[:HEAD_CHARS]),
        ("tail", body[-TAIL_CHARS:] if len(body) > HEAD_CHARS else ""),
    )
    rules_key = _key(rules_pick) if rules_pick else ""
    # First the occurrences, cheaply: (source, previous word, next word, starts its segment,
    # legal form dropped) per name.
    domain = registered_domain(sender.domain).split(".")[0] if sender.domain else ""
    sender_kind = evidence.sender_kind
    domain_label = _compact(domain)
    local = _compact(sender.local)
    display_first = _compact(sender.name.split()[0]) if sender.name.strip() else ""
    related = [label for label in (domain_label, local, display_first) if len(label) >= 3]
    previous_cues, following_cues = cues or (frozenset(), frozenset())
    table = statistics.table if own is None else None
    shares: dict[str, float] = {}

    def lower_share(word: str) -> float:
        if table is not None:
            return table.get(word, _UNSEEN)[0]
        share = shares.get(word)
        if share is None:
            share = shares[word] = statistics.lower_share(word, own)
        return share

    def worth_reading(tokens: list[str], previous: str, following: str) -> bool:
        """Whether a name met in prose may be the employer: (once cues are learned) next to a
        word that names employers ("at", "bei", "la empresa", "team") or tied to the sender,
        and not a capitalised ordinary word ("Thanks", "Unfortunately"). Most spans are
        neither, and skipping them is what keeps the ranker fast."""
        if cues is not None and previous not in previous_cues and following not in following_cues:
            compact = _compact("".join(tokens))
            if not any(label in compact or compact in label for label in related):
                return False
        for token in tokens:
            word = token.casefold()
            if word not in _CONNECTORS and lower_share(word) < COMMON_WORD:
                return True
        return False

    # The occurrences first: (source, previous word, next word, starts its segment, legal
    # form dropped) per name.
    seen: dict[str, tuple[str, list]] = {}
    for source, text in texts:
        if not text:
            continue
        prose = source in ("head", "tail")
        for tokens, previous, following, first in _spans(text):
            written = " ".join(tokens)
            key = written.casefold()
            if prose and key != rules_key and not worth_reading(tokens, previous, following):
                continue
            forms = [(written, key, "")]
            ending = tokens[-1].casefold().rstrip(".")
            if ending in _LEGAL and len(tokens) > 1:
                shorter = " ".join(tokens[:-1])
                forms = [(written, key, "kept"), (shorter, shorter.casefold(), ending)]
            for form, form_key, legal in forms:
                entry = seen.get(form_key)
                if entry is None:
                    entry = seen[form_key] = (form, [])
                entry[1].append((source, previous, following, first, legal))
    if domain and sender_kind == "company":
        written = " ".join(part.capitalize() for part in re.split(r"[-_]", domain) if part)
        seen.setdefault(written.casefold(), (written, []))[1].append(("domain", "", "", True, ""))
    if not seen:
        return []

    person = _looks_like_person(sender)
    subject_segments = {
        _key(part) for part in re.split(r"\s[-–—|:·]\s|[|:·]", evidence.subject) if part.strip()
    }
    display_key = _key(sender.name)
    display_words = display_key.split()
    sender_local_words = set(re.split(r"[._+-]", sender.local)) if sender.local else set()
    platform = _compact(sender.platform or sender.board or "")
    # Initialisms written anywhere ("HUVC", "BRDI"), to recognise the name they stand for.
    initialisms = {
        token.casefold()
        for token in _INITIALISM.findall(f"{sender.name} {evidence.subject} {body[:HEAD_CHARS]}")
    }
    found = []
    # Keys are tokens joined by single spaces, already folded: no further normalising.
    for key, (written, occurrences) in seen.items():
        words = key.split()
        compact = _compact(key)
        f: dict[str, float] = {
            "bias": 1,
            f"tokens:{min(len(words), 5)}": 1,
            f"sender:{sender_kind}": 1,
            f"person:{person}": 1,
            "first:" + words[0]: 1,
            "last:" + words[-1]: 1,
        }
        counts: dict[str, int] = {}
        for source, previous, following, first, legal in occurrences:
            counts[source] = counts.get(source, 0) + 1
            f[f"in:{source}:{sender_kind}"] = 1
            f[f"prev:{previous}"] = 1
            f[f"next:{following}"] = 1
            f[f"prev:{previous}:{source}"] = 1
            if first:
                f[f"segment_start:{source}"] = 1
            if legal == "kept":
                f["legal_kept"] = 1
            elif legal:
                f["legal_stripped"] = 1
                f[f"next:{legal}"] = 1
        for source, count in counts.items():
            f[f"in:{source}"] = math.log1p(count)
            if evidence.reply:
                f[f"in:{source}:reply"] = 1
        if key.upper() == key and len(compact) > 1:
            f["all_caps"] = 1
        if _DIGIT.search(key):
            f["digit"] = 1
        if len(compact) <= 2:
            f["short"] = 1
        if key == display_key:
            f[f"display_whole:{sender_kind}:{person}"] = 1
        if statistics.is_given_name(words[0], own):
            f[f"given_name:{min(len(words), 3)}"] = 1
        if sender_local_words and any(len(w) >= 3 and w in sender_local_words for w in words):
            f["named_in_address"] = 1
        if platform and platform in compact:
            f["names_the_platform"] = 1
        if len(counts) == 1 and "domain" in counts:
            f["only_domain"] = 1
        if display_words and not person and key != display_key:
            if key.startswith(display_words[0] + " "):
                f["extends_display_word"] = 1
            elif display_key.startswith(key + " "):
                f["display_prefix"] = 1
        initials = "".join(word[0] for word in words if word not in _CONNECTORS)
        if len(initials) >= 3:
            if initials in initialisms:
                f["initialism_written"] = 1
            if domain_label and (domain_label == initials or domain_label.startswith(initials)):
                f["initialism_domain"] = 1
        if key in subject_segments:
            f["subject_segment"] = 1
        if domain_label and len(compact) >= 3:
            if compact == domain_label:
                f[f"domain_equal:{sender_kind}"] = 1
            elif domain_label.startswith(compact):
                f[f"domain_prefix:{sender_kind}"] = 1
            elif compact.startswith(domain_label):
                f[f"domain_extends:{sender_kind}"] = 1
            elif compact in domain_label:
                f[f"domain_inside:{sender_kind}"] = 1
        if local and len(compact) >= 3 and (compact == local or local.startswith(compact)):
            f[f"local:{sender_kind}"] = 1
        if rules_key:
            if key == rules_key:
                f["rules_equal"] = 1
            elif key in rules_key:
                f["rules_inside"] = 1
            elif rules_key in key:
                f["rules_extends"] = 1
        word_shares = [lower_share(word) for word in words if word not in _CONNECTORS]
        if word_shares:
            f["lower_share_max"] = max(word_shares)
            f["lower_share_mean"] = sum(word_shares) / len(word_shares)
        frequencies = [statistics.frequency(word, own) for word in words]
        f["frequency_min"] = min(frequencies)
        f["frequency_max"] = max(frequencies)
        found.append(_Candidate(written, f))
    return found


CUE_SUPPORT = 3


def _learn_cues(labelled) -> tuple[frozenset[str], frozenset[str]]:
    """The words next to which the labelled company stands, at least `CUE_SUPPORT` times: "at",
    "bei", "chez", "empresa", "team", "hat"…"""
    before: Counter = Counter()
    after: Counter = Counter()
    for evidence, _, wanted, _ in labelled:
        body = evidence.body
        tail = body[-TAIL_CHARS:] if len(body) > HEAD_CHARS else ""
        texts = (evidence.sender.name, evidence.subject, body[:HEAD_CHARS], tail)
        for text in texts:
            if wanted.split()[0] not in text.casefold():
                continue
            for tokens, previous, following, _ in _spans(text):
                key = " ".join(tokens).casefold()
                if key == wanted:
                    before[previous] += 1
                    after[following] += 1
                elif key.startswith(wanted) and tokens[-1].casefold().rstrip(".") in _LEGAL:
                    before[previous] += 1
    return (
        frozenset(w for w, n in before.items() if n >= CUE_SUPPORT and w),
        frozenset(w for w, n in after.items() if n >= CUE_SUPPORT and w),
    )


_SOURCE_NAMES = {
    "display": "the sender's name",
    "subject": "the subject",
    "head": "the body",
    "tail": "the signature",
    "domain": "the sender's domain",
}


@dataclass
class CompanyRanker:
    """Candidate names scored by learned weights; stored as JSON, no pickles."""

    weights: dict[str, float]
    intercept: float
    statistics: CaseStatistics
    cues: tuple[frozenset[str], frozenset[str]]

    @classmethod
    def fit(
        cls, evidences: list[Evidence], rules_picks: list[str | None], companies: list[str | None]
    ) -> CompanyRanker:
        """Learn from messages whose labelled company is among their candidates."""
        statistics = CaseStatistics.count(evidences)
        labelled = [
            (evidence, pick, _key(company), _case_counts(evidence))
            for evidence, pick, company in zip(evidences, rules_picks, companies, strict=True)
            if company
        ]
        cues = _learn_cues(labelled)
        rows: list[dict] = []
        labels: list[int] = []
        for evidence, pick, wanted, own in labelled:
            found = candidates(evidence, pick, statistics, own=own, cues=cues)
            if not any(_key(c.text) == wanted for c in found):
                continue
            for candidate in found:
                rows.append(candidate.features)
                labels.append(int(_key(candidate.text) == wanted))
        vectorizer = DictVectorizer(dtype=np.float64)
        matrix = vectorizer.fit_transform(rows)
        estimator = LogisticRegression(C=0.5, max_iter=3000).fit(matrix, labels)
        coef = estimator.coef_[0]
        weights = {
            name: round(float(coef[index]), 6)
            for name, index in vectorizer.vocabulary_.items()
            if coef[index]
        }
        return cls(weights, float(estimator.intercept_[0]), statistics, cues)

    def pick(self, evidence: Evidence, rules_pick: str | None) -> tuple[str | None, str]:
        """The likeliest company and where it was read, or the rules' pick when no candidate
        is likely enough."""
        found = candidates(evidence, rules_pick, self.statistics, cues=self.cues)
        if not found:
            return rules_pick, ""
        # Scored straight from the weights: a sparse matrix per message costs more than the sum.
        weights = self.weights
        scores = [
            sum(weights.get(name, 0.0) * value for name, value in c.features.items()) for c in found
        ]
        best = max(range(len(found)), key=scores.__getitem__)
        if 1 / (1 + math.exp(-(scores[best] + self.intercept))) < MIN_PROBABILITY:
            return rules_pick, ""
        winner = found[best]
        where = [
            label for source, label in _SOURCE_NAMES.items() if winner.features.get(f"in:{source}")
        ]
        return winner.text, ", ".join(where)

    def to_json(self) -> dict:
        return {
            "weights": self.weights,
            "intercept": self.intercept,
            "cues": [sorted(self.cues[0]), sorted(self.cues[1])],
            "lower": dict(self.statistics.lower),
            "capital": dict(self.statistics.capital),
            "messages": self.statistics.messages,
            "given": {name: n for name, n in self.statistics.given.items() if n >= 2},
        }

    @classmethod
    def from_json(cls, data: dict) -> CompanyRanker:
        statistics = CaseStatistics(
            Counter(data["lower"]),
            Counter(data["capital"]),
            int(data["messages"]),
            Counter(data["given"]),
        )
        cues = (frozenset(data["cues"][0]), frozenset(data["cues"][1]))
        return cls(dict(data["weights"]), float(data["intercept"]), statistics, cues)

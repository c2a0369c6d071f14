"""What Orbit learned from one user's corrections, applied to that user's next messages.

Two ways a correction counts, both shown in the reasons:
- **Same template**: the same sender (the address; for a shared ATS relay such as
  no-reply@greenhouse.io, the display name too) with the same normalised subject (digits,
  company, role and reply prefixes masked) and a body of the same shape (a 64-bit SimHash of its
  word triples, company and role masked, within `SHAPE_DISTANCE` bits). The corrected kind
  stands, as sure as the user was.
- **Similar message**: otherwise, a message whose features are close to a corrected one
  (cosine similarity from `SIMILAR`) has its probabilities pulled towards the corrected kind,
  the more the closer, so the user's corrections weigh in the model used for that user.

When a correction changed the company or the role and the new message's extraction gives the
same wrong value, the corrected one is used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from mail_sync.classifier.evidence import gather
from mail_sync.classifier.phrases import fold
from mail_sync.classifier.senders import parse_sender
from mail_sync.classifier.text import clean_subject

SHAPE_DISTANCE = 10
SIMILAR = 0.6
# At similarity 1.0 a correction counts this much against the model's own probabilities.
MOST_WEIGHT = 0.9
_WORDS = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"\d+")


def sender_key(sender: str) -> str:
    """Who sent it: the address, plus the display name when the address is a shared relay."""
    parsed = parse_sender(sender or "")
    if parsed.platform or parsed.board or not parsed.address:
        return f"{parsed.name.casefold()} <{parsed.address}>"
    return parsed.address


def _masked(text: str, company: str | None, role: str | None) -> str:
    text = fold(text.lower())
    for value in (company, role):
        if value and len(value) > 1:
            text = text.replace(fold(value.lower()), " ")
    return _DIGITS.sub("0", text)


def subject_key(subject: str, company: str | None, role: str | None) -> str:
    words = _WORDS.findall(_masked(clean_subject(subject or ""), company, role))
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def body_shape(body: str, company: str | None, role: str | None) -> int:
    """A 64-bit SimHash of the body's word triples: near templates differ in few bits."""
    words = _WORDS.findall(_masked(body or "", company, role))[:400]
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    totals = np.zeros(64)
    for shingle in shingles:
        digest = np.frombuffer(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), np.uint8)
        bits = np.unpackbits(digest)[::-1]  # bit 0 first
        totals += np.where(bits == 1, 1.0, -1.0)
    shape = 0
    for bit in range(64):
        if totals[bit] > 0:
            shape |= 1 << bit
    # Stored in a signed 64-bit column.
    return shape - (1 << 64) if shape >= 1 << 63 else shape


def distance(first: int, second: int) -> int:
    return ((first ^ second) & ((1 << 64) - 1)).bit_count()


@dataclass(frozen=True)
class Remembered:
    """One correction as the classifier uses it."""

    sender_key: str
    subject_key: str
    body_shape: int
    kind: str
    company: str | None
    role: str | None
    company_before: str | None
    role_before: str | None
    when: str  # for the reasons: "3 Dec"
    # The corrected message's text, to compare features with.
    sender: str = ""
    subject: str = ""
    body: str = ""


@dataclass(frozen=True)
class Recall:
    correction: Remembered
    same_template: bool
    similarity: float


class Memory:
    """One user's corrections, ready to compare new messages with."""

    def __init__(self, corrections: list[Remembered]) -> None:
        self.corrections = corrections
        self._rows = None

    def __bool__(self) -> bool:
        return bool(self.corrections)

    def same_template(
        self, sender: str, subject: str, body: str, company, role
    ) -> Remembered | None:
        """The latest correction of a message from this sender with this template, if any."""
        key = sender_key(sender)
        candidates = [c for c in self.corrections if c.sender_key == key]
        if not candidates:
            return None
        for correction in candidates:  # newest first
            masks = (correction.company_before or company, correction.role_before or role)
            if correction.subject_key != subject_key(subject, *masks):
                continue
            if distance(correction.body_shape, body_shape(body, *masks)) <= SHAPE_DISTANCE:
                return correction
        return None

    def rows(self, model):
        """The corrected messages as the model's feature rows (computed once per Memory)."""
        if self._rows is None:
            evidences = [
                gather(sender=c.sender, subject=c.subject, body=c.body) for c in self.corrections
            ]
            matrix = model.features.transform(evidences)
            norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
            self._rows = (matrix, np.where(norms == 0, 1.0, norms))
        return self._rows

    def most_similar(self, model, row) -> tuple[Remembered, float] | None:
        matrix, norms = self.rows(model)
        if matrix.shape[0] == 0:
            return None
        row_norm = float(np.sqrt(row.multiply(row).sum())) or 1.0
        similarities = np.asarray((matrix @ row.T).todense()).ravel() / (norms * row_norm)
        best = int(similarities.argmax())
        return self.corrections[best], float(similarities[best])


def pull(probabilities: np.ndarray, kinds: tuple[str, ...], kind: str, similarity: float):
    """Probabilities moved towards `kind`, by how similar the corrected message is."""
    weight = MOST_WEIGHT * max(0.0, min(1.0, (similarity - SIMILAR) / (1.0 - SIMILAR)))
    target = np.zeros_like(probabilities)
    target[kinds.index(kind)] = 1.0
    return (1.0 - weight) * probabilities + weight * target, weight

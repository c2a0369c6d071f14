"""Reading job-search mail: what kind of message it is, which company and which role.

`classify()` (one message) and `classify_many()` (a batch, much faster per message) answer
three questions: the kind (confirmation, rejection, interview, assessment, offer, recruiter or
other), the company and the role, with a calibrated confidence and the reasons that weighed
most.

How a message is read
---------------------
1. `evidence.gather` applies what we know by hand: a forwarded message is judged by its
   original sender, quoted replies are dropped, the sender is matched against the platforms we
   know (ATS, scheduling, assessment, job boards, interview-practice vendors), accents are
   folded, hypothetical and conditional clauses are removed ("If you are not selected…",
   "Falls Ihr Profil passt…", "Si votre profil correspond…") and ~130 weighted phrase rules in
   English, German, French and Spanish run over the subject and what is left of the body.
2. `model` turns that into features (words, word pairs and character n-grams of the cleaned
   text, plus the sender's platform, every rule that fired and the rules' scores) for a
   multinomial logistic regression trained on the labelled corpus (`corpus/`), whose
   probabilities are calibrated on authors it was not trained on. The rules are features, not
   the final say: the corpus decides how much each counts.
3. A status changes without asking only when the probability of the kind clears that kind's
   threshold (`automatic`), chosen on held-out authors for a precision of at least 0.98;
   anything less waits in Review.
4. Company and role stay rules (`extract`): the display name, the subject, anchored phrases in
   the body, ATS tenants in URLs, the sender's own domain.

`evaluate_classifier` measures all of it leave-one-author-out; `artifact` says where the
trained model lives and why it is safe to load.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from mail_sync.classifier.corpus import KINDS
from mail_sync.classifier.evidence import PRECEDENCE, Evidence, extract_fields, gather
from mail_sync.classifier.memory import SIMILAR, Memory, Remembered, pull
from mail_sync.classifier.senders import (
    ASSESSMENT_DOMAINS,
    ATS_DOMAINS,
    BOARD_DOMAINS,
    NON_COMPANY_DOMAINS,
    SCHEDULING_DOMAINS,
)

# The platform tables are public: the linker uses them to tell shared sender domains apart.
__all__ = [
    "ASSESSMENT_DOMAINS",
    "ATS_DOMAINS",
    "BOARD_DOMAINS",
    "KINDS",
    "NON_COMPANY_DOMAINS",
    "PRECEDENCE",
    "SCHEDULING_DOMAINS",
    "Classification",
    "classify",
    "classify_many",
    "clears_threshold",
]


@dataclass(frozen=True)
class Classification:
    kind: str  # one of KINDS
    confidence: float  # calibrated probability of `kind`, 0..1
    reasons: list[str]  # what weighed most, human-readable
    company: str | None
    role: str | None
    automatic: bool = False  # confident enough to change a status without asking


def load_model():
    """The trained model (numeric libraries are imported only when mail is read)."""
    from mail_sync.classifier.artifact import load_model as load

    return load()


def clears_threshold(kind: str, confidence: float) -> bool:
    """True when a message of `kind` at `confidence` may change a status by itself."""
    return load_model().clears(kind, confidence)


def classify(*, sender: str, subject: str, body: str) -> Classification:
    """Classify one message."""
    return classify_many([(sender, subject, body)])[0]


def classify_many(
    messages: Iterable[tuple[str, str, str]],
    *,
    own_addresses: Collection[str] = (),
    memory: Memory | None = None,
) -> list[Classification]:
    """Classify (sender, subject, body) triples in one pass through the model.

    Mail from one of `own_addresses` (the user's) is the user's own and never job mail, unless
    it forwards someone else's message, which is then read as that message. `memory` holds the
    user's corrections (`classifier.memory`): the same template gets the corrected kind, and
    similar messages are pulled towards it.
    """
    messages = [(s or "", t or "", b or "") for s, t, b in messages]
    evidences = [gather(sender=s, subject=t, body=b) for s, t, b in messages]
    if not evidences:
        return []
    own = {address.strip().lower() for address in own_addresses if address}
    model = load_model()
    matrix, probabilities = model.predict(evidences)
    results = []
    for row, (evidence, message) in enumerate(zip(evidences, messages, strict=True)):
        if not evidence.subject.strip() and not evidence.body.strip():
            results.append(Classification("other", 0.99, ["empty message"], None, None))
            continue
        if evidence.sender.address in own and not evidence.forwarded:
            reason = f"you sent this message (from {evidence.sender.address}): not incoming mail"
            results.append(Classification("other", 0.99, [reason], None, None))
            continue
        results.append(_read(model, evidence, message, matrix, row, probabilities[row], memory))
    return results


def _read(
    model, evidence: Evidence, message, matrix, row: int, probabilities, memory
) -> Classification:
    learned: list[str] = []
    kind: str | None = None
    confidence = 0.0
    fields = None
    if memory:
        # A template is recognised with the company and role masked, so read them first.
        company, role, found = extract_fields(evidence, "rejection", model.company)
        fields = company, role, found
        template = memory.same_template(*message, company, role)
        if template is not None:
            kind, confidence = template.kind, 0.99
            learned.append(
                f"same sender and template as a message you corrected on {template.when}:"
                f" {template.kind}"
            )
            fields = (*_corrected_fields(template, company, role), found)
        else:
            similar = memory.most_similar(model, matrix[row])
            if similar is not None and similar[1] >= SIMILAR:
                correction, similarity = similar
                probabilities, weight = pull(
                    probabilities, model.kinds, correction.kind, similarity
                )
                learned.append(
                    f"like a message you corrected on {correction.when} (similarity"
                    f" {similarity:.2f}): counted {weight:.0%} towards {correction.kind}"
                )
    if kind is None:
        best = int(probabilities.argmax())
        kind, confidence = model.kinds[best], round(float(probabilities[best]), 4)
    automatic = kind != "other" and model.clears(kind, confidence)
    if automatic:
        headline = f"{kind} at {confidence:.0%} (changes a status without asking)"
    elif kind != "other":
        headline = f"{kind} at {confidence:.0%} (below the automatic threshold: goes to Review)"
    else:
        headline = f"{kind} at {confidence:.0%}"
    columns = slice(matrix.indptr[row], matrix.indptr[row + 1])
    weighed = model.weighed_most(matrix.indices[columns], matrix.data[columns], kind)
    if fields is None or (kind == "other" and not evidence.sender.platform):
        fields = extract_fields(evidence, kind, model.company)  # none for plain "other" mail
    company, role, found = fields
    reasons = [headline, *learned, *weighed, *evidence.notes, *found]
    return Classification(kind, confidence, reasons, company, role, automatic)


def _corrected_fields(correction: Remembered, company, role):
    """The user's company and role where this message's extraction repeats the old mistake."""
    if correction.company and (company or None) == (correction.company_before or None):
        company = correction.company
    if correction.role and (role or None) == (correction.role_before or None):
        role = correction.role
    return company, role

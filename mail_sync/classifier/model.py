"""The learned model: TF-IDF words and characters plus the rules' knowledge, a calibrated
logistic regression, and per-kind thresholds for changing a status without asking.

Features of one message (from `evidence.gather`, so hypothetical clauses are already gone):
- words and word pairs of the body and, separately, of the subject (TF-IDF, sublinear);
- character 3-5-grams within words of subject and body together (spelling variants, German
  compounds, accents folded);
- the rules' knowledge: the sender's platform family (ATS, scheduler, assessment, job board,
  interview-practice vendor, company domain, mailbox provider), each phrase rule that fired
  and where, the rules' score per kind and for marketing, whether the mail was forwarded,
  whether hypothetical text was dropped, and whether nothing job-like was found at all.

Training (`train`) is deterministic. It fits the vectorizers and a linear SVM (one-vs-rest) on
the training examples; to calibrate, it fits the same model once per fold of whole authors
(at most `CALIBRATION_FOLDS`) with that fold left out and keeps the held-out decision values,
then fits a small multinomial logistic regression from decision values to probabilities on
them ("matrix scaling"). The
per-kind thresholds come from the same held-out probabilities: the lowest probability from
which every prediction of that kind at or above it was right at least `TARGET_PRECISION` of the
time. A kind that never gets there has no threshold: it always waits for Review.

Beside the kind, the model holds the company ranker (`extract.ranker`), trained on the same
examples' labelled companies.

The model is stored as plain arrays and a JSON vocabulary (`to_files` / `from_files`), never as
a pickle, so loading it cannot run code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from mail_sync.classifier.corpus import KINDS
from mail_sync.classifier.evidence import Evidence, extract_fields
from mail_sync.classifier.extract.ranker import CompanyRanker

TARGET_PRECISION = 0.98
# Thresholds are chosen for a little more than the target: measured on authors the thresholds
# never saw, precision at them comes out about half a point lower than where they were chosen.
THRESHOLD_MARGIN = 0.005
# A threshold is never below this, however clean the held-out predictions were.
MIN_THRESHOLD = 0.5
# A threshold needs this many held-out predictions above it to be believed.
MIN_SUPPORT = 10
REGULARISATION = 0.3
# Folds of whole authors for the held-out decisions that calibration and thresholds learn from.
CALIBRATION_FOLDS = 6
BODY_CHARS = 4000
CHAR_CHARS = 2000
_DIGITS = re.compile(r"\d+")
_URL = re.compile(r"https?://\S+|www\.\S+")
FORMAT_VERSION = 2


def _clean(text: str) -> str:
    return _DIGITS.sub("0", _URL.sub(" url ", text))


def body_text(evidence: Evidence) -> str:
    return _clean(evidence.body_folded[:BODY_CHARS])


def subject_text(evidence: Evidence) -> str:
    return _clean(evidence.subject_folded)


def char_text(evidence: Evidence) -> str:
    return _clean(evidence.subject_folded + " \n " + evidence.body_folded[:CHAR_CHARS])


def knowledge(evidence: Evidence) -> dict[str, float]:
    """The rules' knowledge of one message as named features."""
    # A missing sender or subject is not a feature: the corpus's pasted mail is mostly job
    # mail, real pasted mail is anything, so it would teach a bias, not knowledge.
    features: dict[str, float] = {}
    if evidence.sender_kind != "none":
        features[f"sender={evidence.sender_kind}"] = 1.0
    if evidence.forwarded:
        features["forwarded"] = 1.0
    if evidence.dropped:
        features["hypothetical dropped"] = 1.0
    if not evidence.hits and not evidence.sender.platform:
        features["nothing known"] = 1.0
    for hit in evidence.hits:
        name = f"rule={hit.kind}:{hit.label}"
        features[name] = max(features.get(name, 0.0), 1.0)
        if hit.where == "subject":
            features[f"rule in subject={hit.kind}"] = 1.0
    for kind, score in evidence.scores.items():
        features[f"score={kind}"] = min(score, 3.0) / 3.0
    if evidence.marketing:
        features["score=marketing"] = min(evidence.marketing, 3.0) / 3.0
    # Not the rules' own verdict: it was tuned on one author's mail, and the model trusted it
    # more than it deserves on everyone else's (leave-one-author-out accuracy rose without it).
    return features


def _word_vectorizer(min_df: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        min_df=min_df,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w[\w']*\b",
        dtype=np.float32,
    )


def _char_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=3,
        max_features=120_000,
        sublinear_tf=True,
        dtype=np.float32,
    )


_SENDER_LABELS = {
    "ats": "sender is an applicant tracking system",
    "scheduling": "sender is an interview scheduling tool",
    "assessment": "sender is an assessment platform",
    "board": "sender is a job board",
    "prep": "sender sells interview practice",
    "company": "sender writes from a company domain",
    "mailbox": "sender writes from a personal mailbox",
}


def _knowledge_label(name: str) -> str:
    """A person's reading of a knowledge feature's name."""
    key, _, value = name.partition("=")
    if key == "sender":
        return _SENDER_LABELS.get(value, name)
    if key == "rule":
        kind, _, label = value.partition(":")
        side = "not job mail" if kind == "marketing" else kind
        return f"phrase '{label}' ({side})"
    if key == "rule in subject":
        return f"a {value} phrase in the subject"
    if key == "score":
        return f"the phrase rules' {value} score"
    if name == "nothing known":
        return "no job-mail phrase and no job platform"
    if key == "rules say":
        return f"the phrase rules alone read it as {value}"
    return name


BLOCKS = ("body", "subject", "chars", "knowledge")
# A subject is a few words, so each of its TF-IDF values is large: weighed at full strength, one
# subject word ("Update", "Candidature") outvoted the whole body. The rules' features at half
# strength: they were tuned on one author's mail and otherwise crowd out the words. Both chosen
# on leave-one-author-out figures with one author sealed away (README).
BLOCK_WEIGHTS = {"body": 1.0, "subject": 0.4, "chars": 1.0, "knowledge": 0.5}
_TEXT_OF = {"body": body_text, "subject": subject_text, "chars": char_text}


@dataclass
class Features:
    """Fitted vectorizers: turn Evidence into one sparse row per message."""

    body: TfidfVectorizer
    subject: TfidfVectorizer
    chars: TfidfVectorizer
    knowledge: DictVectorizer

    @classmethod
    def fit(cls, evidences: list[Evidence]) -> Features:
        features = cls(
            body=_word_vectorizer(2),
            subject=_word_vectorizer(2),
            chars=_char_vectorizer(),
            knowledge=DictVectorizer(dtype=np.float32),
        )
        for block in ("body", "subject", "chars"):
            getattr(features, block).fit([_TEXT_OF[block](e) for e in evidences])
        features.knowledge.fit([knowledge(e) for e in evidences])
        return features

    def transform(self, evidences: list[Evidence]) -> sparse.csr_matrix:
        parts = [
            getattr(self, block).transform([_TEXT_OF[block](e) for e in evidences])
            * BLOCK_WEIGHTS[block]
            for block in ("body", "subject", "chars")
        ]
        parts.append(
            self.knowledge.transform([knowledge(e) for e in evidences]) * BLOCK_WEIGHTS["knowledge"]
        )
        return sparse.hstack(parts, format="csr", dtype=np.float32)

    def names(self) -> list[str]:
        """A readable name per column, in column order."""
        names = [f"word '{t}'" for t in self.body.get_feature_names_out()]
        names += [f"subject word '{t}'" for t in self.subject.get_feature_names_out()]
        names += [f"text '{t}'" for t in self.chars.get_feature_names_out()]
        names += [_knowledge_label(name) for name in self.knowledge.get_feature_names_out()]
        return names

    def block_sizes(self) -> list[int]:
        return [
            len(self.body.vocabulary_),
            len(self.subject.vocabulary_),
            len(self.chars.vocabulary_),
            len(self.knowledge.vocabulary_),
        ]


def _linear() -> LinearSVC:
    # A linear SVM (one-vs-rest, liblinear): as accurate here as a logistic regression and five
    # times faster to fit, which keeps training under a minute; calibration makes probabilities.
    return LinearSVC(C=REGULARISATION, class_weight="balanced", random_state=0, max_iter=5000)


@dataclass
class Model:
    features: Features
    coef: np.ndarray  # (kinds, columns)
    intercept: np.ndarray  # (kinds,)
    calibration_coef: np.ndarray  # (kinds, kinds)
    calibration_intercept: np.ndarray  # (kinds,)
    thresholds: dict[str, float | None]
    version: str = ""
    company: CompanyRanker | None = None

    kinds: tuple[str, ...] = KINDS

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(matrix @ self.coef.T) + self.intercept

    def probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        return _calibrated(self.decision(matrix), self.calibration_coef, self.calibration_intercept)

    def predict(self, evidences: list[Evidence]) -> tuple[sparse.csr_matrix, np.ndarray]:
        matrix = self.features.transform(evidences)
        return matrix, self.probabilities(matrix)

    def clears(self, kind: str, confidence: float) -> bool:
        """Whether a message of `kind` at `confidence` may change a status by itself."""
        threshold = self.thresholds.get(kind)
        return threshold is not None and confidence >= threshold

    @cached_property
    def _relative(self) -> np.ndarray:
        """Each kind's weights against the mean of all kinds: what pushes towards it."""
        return self.coef - self.coef.mean(axis=0)

    @cached_property
    def _names(self) -> list[str]:
        return self.features.names()

    @cached_property
    def _unexplained(self) -> np.ndarray:
        """Columns never shown as reasons: character n-grams (they explain nothing to a
        person) and the rules' scores and verdict (they only restate other features)."""
        sizes = self.features.block_sizes()
        hidden = np.zeros(sum(sizes), dtype=bool)
        start = sizes[0] + sizes[1]
        hidden[start : start + sizes[2]] = True
        offset = sum(sizes[:3])
        for name, index in self.features.knowledge.vocabulary_.items():
            if name.startswith(("score=", "rule in subject=")):
                hidden[offset + index] = True
        return hidden

    def weighed_most(
        self, indices: np.ndarray, values: np.ndarray, kind: str, limit: int = 4
    ) -> list[str]:
        """The features of one message (its non-zero columns and values) that pushed it
        towards `kind` the most, strongest first."""
        shown = ~self._unexplained[indices]
        indices, values = indices[shown], values[shown]
        contributions = values * self._relative[self.kinds.index(kind), indices]
        reasons: list[str] = []
        for position in np.argsort(-contributions)[:limit]:
            value = float(contributions[position])
            if value <= 0.05:
                break
            reasons.append(f"{self._names[int(indices[position])]} (+{value:.2f} for {kind})")
        return reasons

    # Storage: arrays in an .npz (loaded with allow_pickle=False) and vocabularies in JSON.
    def to_files(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        vocabularies = {
            block: {term: int(i) for term, i in getattr(self.features, block).vocabulary_.items()}
            for block in ("body", "subject", "chars")
        }
        vocabularies["knowledge"] = {
            term: int(i) for term, i in self.features.knowledge.vocabulary_.items()
        }
        meta = {
            "format": FORMAT_VERSION,
            "version": self.version,
            "kinds": list(self.kinds),
            "thresholds": self.thresholds,
            "vocabularies": vocabularies,
        }
        np.savez(
            directory / "weights.npz",
            coef=self.coef,
            intercept=self.intercept,
            calibration_coef=self.calibration_coef,
            calibration_intercept=self.calibration_intercept,
            idf_body=self.features.body.idf_,
            idf_subject=self.features.subject.idf_,
            idf_chars=self.features.chars.idf_,
        )
        (directory / "model.json").write_text(json.dumps(meta, ensure_ascii=False))
        if self.company is not None:
            (directory / "company.json").write_text(
                json.dumps(self.company.to_json(), ensure_ascii=False)
            )

    @classmethod
    def from_files(cls, directory: Path) -> Model:
        meta = json.loads((directory / "model.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"model format {meta.get('format')} is not {FORMAT_VERSION}")
        with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
            weights = {name: arrays[name] for name in arrays.files}
        vocabularies = meta["vocabularies"]
        body = _word_vectorizer(2).set_params(vocabulary=vocabularies["body"])
        subject = _word_vectorizer(2).set_params(vocabulary=vocabularies["subject"])
        chars = _char_vectorizer().set_params(vocabulary=vocabularies["chars"])
        for vectorizer, name in ((body, "body"), (subject, "subject"), (chars, "chars")):
            vectorizer.idf_ = weights[f"idf_{name}"]
        knowledge_vectorizer = DictVectorizer(dtype=np.float32)
        knowledge_vectorizer.vocabulary_ = vocabularies["knowledge"]
        knowledge_vectorizer.feature_names_ = sorted(
            vocabularies["knowledge"], key=vocabularies["knowledge"].get
        )
        company_file = directory / "company.json"
        company = (
            CompanyRanker.from_json(json.loads(company_file.read_text()))
            if company_file.exists()
            else None
        )
        return cls(
            company=company,
            features=Features(body, subject, chars, knowledge_vectorizer),
            coef=weights["coef"],
            intercept=weights["intercept"],
            calibration_coef=weights["calibration_coef"],
            calibration_intercept=weights["calibration_intercept"],
            thresholds=meta["thresholds"],
            version=meta["version"],
            kinds=tuple(meta["kinds"]),
        )


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = values - values.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _labels(kinds: list[str]) -> np.ndarray:
    return np.array([KINDS.index(kind) for kind in kinds])


def _every_kind(estimator, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """A fitted linear estimator's coefficients with a row for every kind, even one missing
    from its training labels (such a kind can never win)."""
    coef = np.zeros((len(KINDS), columns), dtype=np.float64)
    intercept = np.full(len(KINDS), -30.0)
    for row, label in enumerate(estimator.classes_):
        coef[label] = estimator.coef_[row]
        intercept[label] = estimator.intercept_[row]
    return coef, intercept


def _fit_linear(matrix: sparse.csr_matrix, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _every_kind(_linear().fit(matrix, labels), matrix.shape[1])


def _calibrated(decisions: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return _softmax(decisions @ coef.T + intercept)


def author_folds(groups: list[str], at_most: int = CALIBRATION_FOLDS) -> np.ndarray:
    """Each example's fold: authors dealt round-robin (sorted) into at most `at_most` folds,
    so no author is ever in two folds."""
    authors = sorted(set(groups))
    fold_of = {author: index % at_most for index, author in enumerate(authors)}
    return np.array([fold_of[group] for group in groups])


def held_out_decisions(
    matrix: sparse.csr_matrix, labels: np.ndarray, groups: list[str]
) -> np.ndarray:
    """Decision values of each example from a model trained without its author's fold."""
    decisions = np.zeros((matrix.shape[0], len(KINDS)))
    folds = author_folds(groups)
    for fold in sorted(set(folds.tolist())):
        test = folds == fold
        coef, intercept = _fit_linear(matrix[~test], labels[~test])
        decisions[test] = np.asarray(matrix[test] @ coef.T) + intercept
    return decisions


def choose_thresholds(
    probabilities: np.ndarray,
    labels: np.ndarray,
    target: float = TARGET_PRECISION + THRESHOLD_MARGIN,
) -> dict[str, float | None]:
    """Per kind, the lowest probability from which predictions of it are right ≥ target."""
    predicted = probabilities.argmax(axis=1)
    thresholds: dict[str, float | None] = {}
    for index, kind in enumerate(KINDS):
        mask = predicted == index
        scores = probabilities[mask, index]
        right = labels[mask] == index
        order = np.argsort(-scores)
        scores, right = scores[order], right[order]
        threshold: float | None = None
        correct = 0
        # The lowest score at which everything at or above it is right often enough. A
        # confident mistake at the top does not forbid a threshold: what counts is the
        # precision of all the changes it lets through.
        for position, (score, ok) in enumerate(zip(scores, right, strict=True), start=1):
            correct += int(ok)
            boundary = position == len(scores) or scores[position] < score
            if boundary and position >= MIN_SUPPORT and correct / position >= target:
                threshold = float(score)
        if threshold is not None:
            threshold = round(max(threshold, MIN_THRESHOLD), 4)
        thresholds[kind] = threshold
    return thresholds


def train(
    evidences: list[Evidence],
    kinds: list[str],
    groups: list[str],
    *,
    companies: list[str | None] | None = None,
    version: str = "",
) -> Model:
    """Fit features, regression, calibration and thresholds, and the company ranker when
    `companies` are given; deterministic for the same input."""
    features = Features.fit(evidences)
    matrix = features.transform(evidences)
    labels = _labels(kinds)
    decisions = held_out_decisions(matrix, labels, groups)
    calibrator = LogisticRegression(C=1.0, max_iter=2000).fit(decisions, labels)
    calibration_coef, calibration_intercept = _every_kind(calibrator, len(KINDS))
    held_out = _calibrated(decisions, calibration_coef, calibration_intercept)
    thresholds = choose_thresholds(held_out, labels)
    coef, intercept = _fit_linear(matrix, labels)
    return Model(
        features=features,
        coef=coef,
        intercept=intercept,
        calibration_coef=calibration_coef,
        calibration_intercept=calibration_intercept,
        thresholds=thresholds,
        version=version,
        company=train_company(evidences, kinds, companies) if companies is not None else None,
    )


def train_company(
    evidences: list[Evidence], kinds: list[str], companies: list[str | None]
) -> CompanyRanker:
    """The company ranker, from job mail's labelled companies (all mail counts words)."""
    picks = [
        extract_fields(evidence, kind)[0] if kind != "other" else None
        for evidence, kind in zip(evidences, kinds, strict=True)
    ]
    wanted = [
        company if kind != "other" else None for company, kind in zip(companies, kinds, strict=True)
    ]
    return CompanyRanker.fit(evidences, picks, wanted)

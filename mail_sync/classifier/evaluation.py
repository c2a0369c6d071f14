"""Leave-one-author-out evaluation: figures on mail the model was not trained on.

For each author of the corpus in turn, a model is trained (features, regression, calibration
and thresholds: the whole of `model.train`) on every other author and reads the left-out
author's messages. The figures are the pooled predictions of those folds, so every message is
read by a model that never saw its writer's voice. Company and role extraction are rules, not
learned, and are scored on the same predictions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from mail_sync.classifier import model as learned
from mail_sync.classifier.corpus import KINDS, Example
from mail_sync.classifier.evidence import Evidence, extract_fields, gather, rules_verdict


@dataclass
class Prediction:
    kind: str
    confidence: float
    automatic: bool  # clears its kind's threshold: the status would change without asking


@dataclass
class Report:
    examples: list[Example]
    predictions: list[Prediction]
    companies: list[str | None] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)

    def confusion(self) -> np.ndarray:
        matrix = np.zeros((len(KINDS), len(KINDS)), dtype=int)
        for example, prediction in zip(self.examples, self.predictions, strict=True):
            matrix[KINDS.index(example.kind), KINDS.index(prediction.kind)] += 1
        return matrix

    def per_kind(self) -> dict[str, tuple[float, float, int]]:
        """kind → (precision, recall, number labelled that kind)."""
        matrix = self.confusion()
        figures = {}
        for index, kind in enumerate(KINDS):
            predicted = matrix[:, index].sum()
            actual = matrix[index].sum()
            precision = matrix[index, index] / predicted if predicted else 0.0
            recall = matrix[index, index] / actual if actual else 0.0
            figures[kind] = (float(precision), float(recall), int(actual))
        return figures

    def accuracy(self) -> float:
        right = sum(e.kind == p.kind for e, p in zip(self.examples, self.predictions, strict=True))
        return right / len(self.examples) if self.examples else 0.0

    def automatic(self) -> dict[str, tuple[float, float, int]]:
        """kind → (precision of automatic changes, share of that kind changed, how many)."""
        figures = {}
        for kind in KINDS:
            chosen = [
                e.kind == kind
                for e, p in zip(self.examples, self.predictions, strict=True)
                if p.automatic and p.kind == kind
            ]
            actual = sum(e.kind == kind for e in self.examples)
            precision = sum(chosen) / len(chosen) if chosen else 0.0
            coverage = sum(chosen) / actual if actual else 0.0
            figures[kind] = (precision, coverage, len(chosen))
        return figures

    def mistakes(self) -> list[dict]:
        """Each message whose kind, or (for job mail) company, was read wrong, to look at."""
        rows = []
        for example, prediction, company in zip(
            self.examples, self.predictions, self.companies, strict=True
        ):
            wrong_company = example.kind != "other" and not _same(example.company, company)
            if prediction.kind == example.kind and not wrong_company:
                continue
            rows.append(
                {
                    "author": example.author,
                    "kind": example.kind,
                    "read_as": prediction.kind,
                    "confidence": round(prediction.confidence, 3),
                    "automatic": prediction.automatic,
                    "company": example.company,
                    "company_read": company,
                    "from": example.sender,
                    "subject": example.subject,
                    "body": example.body,
                }
            )
        return rows

    def field_accuracy(self, name: str, *, as_linker: bool = False) -> tuple[float, int]:
        """Share of job-kind messages whose company (or role) is read as labelled: exactly
        (case and spacing aside), or `as_linker` judges names ("Brisa" is "Brisa Travel
        Tech", "Acme" is "ACME Inc"), which is what linking a message needs."""
        values = self.companies if name == "company" else self.roles
        pairs = [
            (getattr(example, name), value)
            for example, value in zip(self.examples, values, strict=True)
            if example.kind != "other"
        ]
        same = _same_for_linking if as_linker else _same
        right = sum(same(expected, got) for expected, got in pairs)
        return (right / len(pairs) if pairs else 0.0), len(pairs)


def _same(expected: str | None, got: str | None) -> bool:
    def norm(value: str | None) -> str:
        return " ".join((value or "").casefold().split())

    return norm(expected) == norm(got)


def _same_for_linking(expected: str | None, got: str | None) -> bool:
    from mail_sync.linking import same_company  # Django models: imported only when scoring

    if not expected or not got:
        return not expected and not got
    return same_company(expected, got)


def evidence_for(examples: list[Example]) -> list[Evidence]:
    return [gather(sender=e.sender, subject=e.subject, body=e.body) for e in examples]


def leave_one_author_out(
    examples: list[Example],
    *,
    baseline: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Pooled held-out predictions, one fold per author (or the rules' verdict, `baseline`)."""
    evidences = evidence_for(examples)
    predictions: list[Prediction | None] = [None] * len(examples)
    companies: list[str | None] = [None] * len(examples)
    roles: list[str | None] = [None] * len(examples)
    if baseline:
        for index, evidence in enumerate(evidences):
            kind, confidence = rules_verdict(evidence)
            predictions[index] = Prediction(kind, confidence, confidence >= 0.8)
            companies[index], roles[index], _ = extract_fields(evidence, kind)
    else:
        authors = sorted({e.author for e in examples})
        for author in authors:
            train_at = [i for i, e in enumerate(examples) if e.author != author]
            test_at = [i for i, e in enumerate(examples) if e.author == author]
            fitted = learned.train(
                [evidences[i] for i in train_at],
                [examples[i].kind for i in train_at],
                [examples[i].author for i in train_at],
                companies=[examples[i].company for i in train_at],
            )
            _, probabilities = fitted.predict([evidences[i] for i in test_at])
            for row, index in enumerate(test_at):
                best = int(probabilities[row].argmax())
                kind = KINDS[best]
                confidence = float(probabilities[row, best])
                predictions[index] = Prediction(kind, confidence, fitted.clears(kind, confidence))
                companies[index], roles[index], _ = extract_fields(
                    evidences[index], kind, fitted.company
                )
            if progress:
                right = sum(predictions[i].kind == examples[i].kind for i in test_at)
                progress(
                    f"fold author={author} n={len(test_at)} accuracy={right / len(test_at):.3f}"
                )
    report = Report(examples=examples, predictions=[p for p in predictions if p is not None])
    report.companies.extend(companies)
    report.roles.extend(roles)
    return report


def company_leave_one_author_out(
    examples: list[Example], *, progress: Callable[[str], None] | None = None
) -> list[str]:
    """The company ranker alone, one fold per author, on job mail of its labelled kind: the
    hand-written extractor's figures beside it. Lines `company … rules … n=…`, last."""
    evidences = evidence_for(examples)
    pairs: list[tuple[str | None, str | None, str | None]] = []
    for author in sorted({e.author for e in examples}):
        training = [i for i, e in enumerate(examples) if e.author != author]
        ranker = learned.train_company(
            [evidences[i] for i in training],
            [examples[i].kind for i in training],
            [examples[i].company for i in training],
        )
        testing = [i for i, e in enumerate(examples) if e.author == author and e.kind != "other"]
        fold = [
            (
                examples[i].company,
                extract_fields(evidences[i], examples[i].kind, ranker)[0],
                extract_fields(evidences[i], examples[i].kind)[0],
            )
            for i in testing
        ]
        pairs.extend(fold)
        if progress and fold:
            right = sum(_same(expected, got) for expected, got, _ in fold)
            progress(f"fold author={author} n={len(fold)} company={right / len(fold):.3f}")
    n = len(pairs)
    if not n:
        return ["company n=0"]

    def share(judge, column: int) -> float:
        return sum(judge(row[0], row[column]) for row in pairs) / n

    return [
        f"company={share(_same, 1):.3f} company_as_linker={share(_same_for_linking, 1):.3f}"
        f" rules={share(_same, 2):.3f} rules_as_linker={share(_same_for_linking, 2):.3f} n={n}"
    ]


def render(report: Report) -> list[str]:
    """The confusion matrix, the automatic-change figures, then one line per kind, last."""
    lines = ["confusion (rows: labelled kind, columns: predicted kind)"]
    width = max(len(kind) for kind in KINDS) + 1
    lines.append(" " * width + "".join(f"{kind[:6]:>8}" for kind in KINDS))
    for index, kind in enumerate(KINDS):
        cells = "".join(f"{value:>8}" for value in report.confusion()[index])
        lines.append(f"{kind:<{width}}{cells}")
    lines.append("automatic status changes (probability at or above the kind's threshold)")
    for kind, (precision, coverage, count) in report.automatic().items():
        lines.append(
            f"auto kind={kind} precision={precision:.3f} coverage={coverage:.3f} n={count}"
        )
    company, company_n = report.field_accuracy("company")
    linkable, _ = report.field_accuracy("company", as_linker=True)
    role, _ = report.field_accuracy("role")
    lines.append(
        f"company={company:.3f} company_as_linker={linkable:.3f} role={role:.3f} n={company_n}"
    )
    for kind, (precision, recall, count) in report.per_kind().items():
        lines.append(f"kind={kind} precision={precision:.3f} recall={recall:.3f} n={count}")
    lines.append(f"accuracy={report.accuracy():.3f} n={len(report.examples)}")
    return lines

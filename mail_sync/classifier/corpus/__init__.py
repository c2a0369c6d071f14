"""The labelled mail corpus the classifier learns from, one JSON Lines file per author.

Each row is one message as a person would receive it: `from` (the From header, or "" when the
mail was forwarded or pasted without one), `subject` (may be ""), `body` (plain text), `kind`
(one of KINDS), `company` and `role` (what the mail concerns, null when it names none),
`language` (en, de, fr, es) and `author` (the voice that wrote it, one per file). Every row is
written by us; `check` validates a file and prints what it holds.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
KINDS = ("confirmation", "rejection", "interview", "assessment", "offer", "recruiter", "other")
LANGUAGES = ("en", "de", "fr", "es")
FIELDS = ("from", "subject", "body", "kind", "company", "role", "language", "author")


@dataclass(frozen=True)
class Example:
    sender: str
    subject: str
    body: str
    kind: str
    company: str | None
    role: str | None
    language: str
    author: str


class CorpusError(ValueError):
    pass


def parse_row(line: str, *, where: str) -> Example:
    """One JSON line as an Example; CorpusError says what is wrong and where."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{where}: not JSON ({error})") from None
    if not isinstance(row, dict) or set(row) != set(FIELDS):
        keys = sorted(row) if isinstance(row, dict) else type(row).__name__
        raise CorpusError(f"{where}: keys must be exactly {list(FIELDS)}, got {keys}")
    for name in ("from", "subject", "body", "author"):
        if not isinstance(row[name], str):
            raise CorpusError(f"{where}: {name} must be a string")
    for name in ("company", "role"):
        if row[name] is not None and (not isinstance(row[name], str) or not row[name].strip()):
            raise CorpusError(f"{where}: {name} must be null or a non-empty string")
    if row["kind"] not in KINDS:
        raise CorpusError(f"{where}: kind {row['kind']!r} is not one of {KINDS}")
    if row["language"] not in LANGUAGES:
        raise CorpusError(f"{where}: language {row['language']!r} is not one of {LANGUAGES}")
    if not row["body"].strip() and not row["subject"].strip():
        raise CorpusError(f"{where}: subject and body are both empty")
    if not row["author"].strip():
        raise CorpusError(f"{where}: author is empty")
    return Example(
        sender=row["from"],
        subject=row["subject"],
        body=row["body"],
        kind=row["kind"],
        company=row["company"],
        role=row["role"],
        language=row["language"],
        author=row["author"],
    )


def read_file(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            examples.append(parse_row(line, where=f"{path.name}:{number}"))
    return examples


def load(directory: Path = CORPUS_DIR) -> list[Example]:
    """Every example of every author, in a fixed order (file name, then line)."""
    examples: list[Example] = []
    for path in sorted(directory.glob("*.jsonl")):
        examples.extend(read_file(path))
    return examples


def summary(examples: list[Example]) -> str:
    lines = [f"messages={len(examples)}"]
    for label, key in (("kind", "kind"), ("language", "language"), ("author", "author")):
        counts = Counter(getattr(example, key) for example in examples)
        lines.append(f"{label}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python -m mail_sync.classifier.corpus [FILE...]`: validate and summarise."""
    paths = [Path(arg) for arg in argv] or sorted(CORPUS_DIR.glob("*.jsonl"))
    examples: list[Example] = []
    for path in paths:
        try:
            examples.extend(read_file(path))
        except CorpusError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    seen: Counter[tuple[str, str]] = Counter((e.subject, e.body) for e in examples)
    repeated = sum(count - 1 for count in seen.values() if count > 1)
    print(summary(examples))
    print(f"exact duplicates (same subject and body)={repeated}")
    return 0

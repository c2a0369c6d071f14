"""A subset of Gmail's search language, evaluated locally.

Two users: the fake Gmail server answers `messages.list?q=` with it, and incremental sync applies
GMAIL_QUERY to new messages itself, because `history.list` has no `q` parameter.

Supported: `from:`, `to:`, `subject:`, `in:`/`label:`, `after:`/`before:` (YYYY/MM/DD or epoch
seconds), `field:(a OR b)`, `-term`, `"quoted phrases"`, `OR`, `( )` groups, `{ }` any-of groups
and bare words (matched against sender, subject and body). Matching is case-insensitive
substring matching, which is looser than Gmail's tokenizer but errs towards including mail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_TOKEN = re.compile(r'\s*(?:(?P<punct>[(){}])|(?P<quoted>"[^"]*")|(?P<word>[^\s(){}"]+))')
_LABEL_ALIASES = {"chats": "CHAT", "chat": "CHAT", "drafts": "DRAFT", "draft": "DRAFT"}


@dataclass(frozen=True)
class SearchDoc:
    """What a query is matched against: lower-cased header text, labels, date in epoch secs."""

    sender: str = ""
    to: str = ""
    subject: str = ""
    body: str = ""
    labels: frozenset[str] = field(default_factory=frozenset)
    internal_date: float = 0.0

    def text(self, field_name: str) -> str:
        if field_name == "from":
            return self.sender
        if field_name == "to":
            return self.to
        if field_name == "subject":
            return self.subject
        return f"{self.sender}\n{self.subject}\n{self.body}"


Matcher = Callable[[SearchDoc], bool]


class QueryError(ValueError):
    """The query uses syntax outside the supported subset."""


def _parse_date(value: str) -> float:
    if value.isdigit():
        return float(value)
    for fmt in ("%Y/%m/%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        return day.timestamp()
    raise QueryError(f"Unsupported date {value!r}")


def _term(field_name: str | None, value: str) -> Matcher:
    value = value.strip('"').lower()
    if field_name in {"in", "label"}:
        label = _LABEL_ALIASES.get(value, value.upper())
        if label == "ANYWHERE":
            return lambda doc: True
        return lambda doc: label in doc.labels
    if field_name == "after":
        moment = _parse_date(value)
        return lambda doc: doc.internal_date >= moment
    if field_name == "before":
        moment = _parse_date(value)
        return lambda doc: doc.internal_date < moment
    if field_name in {"is", "has", "category", "newer_than", "older_than", "larger", "smaller"}:
        return lambda doc: True  # accepted and ignored by the subset
    if field_name not in {None, "from", "to", "subject"}:
        raise QueryError(f"Unsupported operator {field_name}:")
    name = field_name or "any"
    return lambda doc: value in doc.text(name)


class _Parser:
    def __init__(self, query: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        query = query.strip()
        while position < len(query):
            match = _TOKEN.match(query, position)
            if not match or match.end() == position:
                break
            position = match.end()
            kind = match.lastgroup or "word"
            self.tokens.append((kind, match.group(kind)))
        self.index = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Matcher:
        matcher = self.or_expr(None, closer=None)
        if self.peek() is not None:
            raise QueryError(f"Unexpected {self.peek()[1]!r}")
        return matcher

    def or_expr(self, field_name: str | None, closer: str | None) -> Matcher:
        alternatives = [self.and_expr(field_name, closer)]
        while self.peek() == ("word", "OR"):
            self.take()
            alternatives.append(self.and_expr(field_name, closer))
        if len(alternatives) == 1:
            return alternatives[0]
        return lambda doc: any(alternative(doc) for alternative in alternatives)

    def and_expr(self, field_name: str | None, closer: str | None) -> Matcher:
        parts: list[Matcher] = []
        while (token := self.peek()) is not None and token != ("word", "OR"):
            if token[0] == "punct" and token[1] in ")}":
                if token[1] != closer:
                    raise QueryError(f"Unbalanced {token[1]!r}")
                break
            parts.append(self.unary(field_name))
        if not parts:
            return lambda doc: True
        return lambda doc: all(part(doc) for part in parts)

    def unary(self, field_name: str | None) -> Matcher:
        kind, value = self.take()
        if kind == "word" and value.startswith("-") and len(value) > 1:
            inner = self.word(field_name, value[1:])
            return lambda doc: not inner(doc)
        if kind == "word" and value == "-":
            inner = self.unary(field_name)
            return lambda doc: not inner(doc)
        if kind == "punct" and value == "(":
            inner = self.or_expr(field_name, closer=")")
            self.expect(")")
            return inner
        if kind == "punct" and value == "{":
            alternatives: list[Matcher] = []
            while self.peek() not in (None, ("punct", "}")):
                alternatives.append(self.unary(field_name))
            self.expect("}")
            return lambda doc: any(alternative(doc) for alternative in alternatives)
        if kind == "quoted":
            return _term(field_name, value)
        if kind == "punct":
            raise QueryError(f"Unexpected {value!r}")
        return self.word(field_name, value)

    def word(self, field_name: str | None, value: str) -> Matcher:
        name, colon, rest = value.partition(":")
        if colon and name.isalpha() and field_name is None:
            name = name.lower()
            if rest:
                return _term(name, rest)
            token = self.peek()
            if token == ("punct", "("):
                self.take()
                inner = self.or_expr(name, closer=")")
                self.expect(")")
                return inner
            if token is not None and token[0] == "quoted":
                return _term(name, self.take()[1])
            raise QueryError(f"{name}: needs a value")
        return _term(field_name, value)

    def expect(self, punct: str) -> None:
        token = self.peek()
        if token != ("punct", punct):
            raise QueryError(f"Expected {punct!r}")
        self.take()


def compile_query(query: str) -> Matcher:
    """Compile a Gmail search string into a predicate over SearchDoc."""
    return _Parser(query).parse()

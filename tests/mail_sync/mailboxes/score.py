"""Labelled mailboxes for measuring linking, and the scorer that runs the real pipeline on them.

Each JSON file here is one user's mailbox, written by hand:
- "user": the user's own address (forwarded mail comes from it);
- "applications": what the user tracked before connecting Gmail: key, company, role, status,
  applied_date. An entry with "new": true is not tracked: a confirmation in the mailbox should
  create it;
- "messages": thread, date (ISO 8601), from, subject, body, and "application": the key of the
  application the message belongs to, or null. A null message about one company names it in
  "company" (an agency's pitch for an employer the user never applied to).

`score_mailboxes` stores each mailbox as Message rows of a new user, runs
`process_messages` on them (the real classifier, linker and writers) and compares:
- a message is right when it is linked to its application, or unlinked when labelled null;
- a new application is the one created from a message labelled with its key; one created
  from any other message is spurious, and every link to it is wrong. A message labelled with
  a new key and dated before that application was created is right unlinked as well: the
  pipeline reads mail in date order and there was nothing to link it to yet;
- a cross-company link is a link to an application of another company than the message's
  own (its application's, or its "company"). A job alert linked to a company it names is
  wrong but not cross-company: it belongs to no company;
- an early move is a status change or suggestion made by mail dated more than two days
  before the applied date of the application it was linked to.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from django.utils import timezone

from applications.models import Application
from mail_sync.linking import normalize_company
from mail_sync.models import GmailAccount, Message, Suggestion
from mail_sync.processing import process_messages
from orbit.models import User

MAILBOX_DIR = Path(__file__).resolve().parent
EARLY_DAYS = 2


@dataclass
class Score:
    n: int = 0
    right: int = 0
    cross_company: int = 0
    early_moves: int = 0
    new_expected: int = 0
    new_created: int = 0
    spurious_created: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def linked_right(self) -> float:
        return self.right / self.n if self.n else 0.0

    def summary(self) -> str:
        return f"linked_right={self.linked_right:.3f} cross_company={self.cross_company} n={self.n}"

    def report(self) -> str:
        lines = [f"  miss: {miss}" for miss in self.misses]
        lines.append(
            f"created {self.new_created}/{self.new_expected} new applications, "
            f"{self.spurious_created} spurious; early_moves={self.early_moves}"
        )
        lines.append(self.summary())
        return "\n".join(lines)


def mailbox_paths() -> list[Path]:
    return sorted(MAILBOX_DIR.glob("*.json"))


def score_mailboxes(paths: list[Path] | None = None) -> Score:
    """Run the pipeline over every mailbox (each as a new user) and add up the figures."""
    score = Score()
    for path in paths or mailbox_paths():
        _score_mailbox(path.stem, json.loads(path.read_text()), score)
    return score


def _score_mailbox(name: str, mailbox: dict, score: Score) -> None:
    user = User.objects.create_user(email=mailbox["user"], password=None)
    account = GmailAccount.objects.create(user=user, email=mailbox["user"])
    specs = {spec["key"]: spec for spec in mailbox["applications"]}
    tracked = {key: _track(user, spec) for key, spec in specs.items() if not spec.get("new")}
    rows = [
        _message_row(account, name, number, spec) for number, spec in enumerate(mailbox["messages"])
    ]
    Message.objects.bulk_create(rows)
    process_messages(list(Message.objects.filter(account=account).order_by("pk")))

    labels = {row.pk: spec for row, spec in zip(rows, mailbox["messages"], strict=True)}
    stored = {message.pk: message for message in Message.objects.filter(account=account)}
    key_of = {application.pk: key for key, application in tracked.items()}
    created_at: dict[str, dt.datetime] = {}
    for application in Application.objects.filter(user=user).exclude(pk__in=key_of):
        creator = next(
            (
                m
                for m in stored.values()
                if m.application_id == application.pk
                and m.link_source == Message.LinkSource.CREATED
            ),
            None,
        )
        key = labels[creator.pk]["application"] if creator else None
        if key in specs and specs[key].get("new") and key not in created_at:
            key_of[application.pk] = key
            created_at[key] = creator.internal_date
            score.new_created += 1
        else:
            score.spurious_created += 1
            key_of[application.pk] = f"spurious:{application.company}"
    score.new_expected += sum(1 for spec in specs.values() if spec.get("new"))

    for pk, spec in labels.items():
        message = stored[pk]
        label = spec["application"]
        linked = key_of.get(message.application_id) if message.application_id else None
        score.n += 1
        right = linked == label or (
            linked is None
            and label in specs
            and specs[label].get("new")
            and message.internal_date < created_at.get(label, message.internal_date)
        )
        if right:
            score.right += 1
            continue
        own = specs[label]["company"] if label else spec.get("company", "")
        other = (
            specs[linked]["company"]
            if linked in specs
            else (linked or "").removeprefix("spurious:")
        )
        crossed = bool(own and other) and normalize_company(own) != normalize_company(other)
        score.cross_company += crossed
        score.misses.append(
            f"{name} {spec['date'][:10]} {spec['subject'][:60]!r}: expected {label}, "
            f"linked {linked} by {message.link_source or '-'} ({message.kind}, "
            f"company {message.company!r}){' CROSS-COMPANY' if crossed else ''}"
        )

    for suggestion in Suggestion.objects.filter(user=user).select_related("message"):
        key = key_of.get(suggestion.application_id)
        applied = specs.get(key, {}).get("applied_date") if key else None
        if (
            applied
            and (
                dt.date.fromisoformat(applied)
                - timezone.localdate(suggestion.message.internal_date)
            ).days
            > EARLY_DAYS
        ):
            score.early_moves += 1
            score.misses.append(
                f"{name} {suggestion.message.internal_date:%Y-%m-%d} "
                f"{suggestion.message.subject[:60]!r}: moved {key} to {suggestion.to_status} "
                f"before its applied date"
            )


def _track(user: User, spec: dict) -> Application:
    applied = dt.date.fromisoformat(spec["applied_date"]) if spec.get("applied_date") else None
    active_since = (
        dt.datetime.combine(applied, dt.time(12), tzinfo=dt.UTC) if applied else timezone.now()
    )
    return Application.objects.create(
        user=user,
        company=spec["company"],
        role=spec["role"],
        status=spec["status"],
        applied_date=applied,
        last_activity_at=active_since,
    )


def _message_row(account: GmailAccount, name: str, number: int, spec: dict) -> Message:
    _, address = parseaddr(spec["from"])
    address = address.lower()
    body = spec["body"]
    return Message(
        user=account.user,
        account=account,
        gmail_id=f"{name[:20]}-{number:04d}",
        thread_id=f"{name[:20]}-{spec['thread']}",
        internal_date=dt.datetime.fromisoformat(spec["date"].replace("Z", "+00:00")),
        from_header=spec["from"],
        from_email=address,
        from_domain=address.rpartition("@")[2],
        to_header=account.email,
        subject=spec["subject"],
        snippet=body[:200],
        body_text=body,
    )

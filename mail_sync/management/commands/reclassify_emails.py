"""Re-run the classifier over stored mail after a rule change, and say what changed."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mail_sync import processing
from mail_sync.models import Message
from orbit.models import User

CHUNK = 500
EXAMPLES = 5


class Command(BaseCommand):
    help = (
        "Re-classify stored messages with the current rules, update kind, confidence, reasons, "
        "company and role, and link or queue what newly looks like job mail. Status changes "
        "already applied are never re-applied; a second run reports no changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", metavar="EMAIL", help="Only this user's mail.")

    def handle(self, *args, user: str | None = None, **options) -> None:
        messages = Message.objects.exclude(parse_state=Message.ParseState.FAILED)
        if user:
            owner = User.objects.filter(email__iexact=user).first()
            if owner is None:
                raise CommandError(f"No user with the email {user}.")
            messages = messages.filter(user=owner)
        transitions: Counter[tuple[str, str]] = Counter()
        examples: list[str] = []
        seen = changed = 0
        stats = processing.ProcessStats()
        for chunk in _chunks(messages.order_by("pk")):
            seen += len(chunk)
            before = {message.pk: message.kind for message in chunk}
            moved = processing.reclassify_stored(chunk)
            for message in moved:
                old_kind = before[message.pk] or "unclassified"
                transitions[(old_kind, message.kind)] += 1
                if len(examples) < EXAMPLES:
                    examples.append(
                        f"  #{message.pk} “{message.subject[:60]}”: {old_kind} → {message.kind}"
                        f" ({message.confidence:.0%}; {'; '.join(message.reasons[:2])})"
                    )
            if moved:
                # Processing stores the new verdict and links or queues what it now proposes;
                # suggestions already decided are skipped, so nothing is applied twice.
                result = processing.process_messages(moved)
                for name in ("linked", "applied", "suggested", "created"):
                    setattr(stats, name, getattr(stats, name) + getattr(result, name))
            changed += len(moved)
        self._report(seen, changed, transitions, examples, stats)

    def _report(self, seen, changed, transitions, examples, stats) -> None:
        self.stdout.write(f"Checked {seen} messages: {changed} changed.")
        for (old, new), count in sorted(transitions.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {old} → {new}: {count}")
        if examples:
            self.stdout.write("Examples:")
            for line in examples:
                self.stdout.write(line)
        if changed:
            self.stdout.write(
                f"Linked {stats.linked}, created {stats.created} applications, applied "
                f"{stats.applied} status changes, queued {stats.suggested} for review."
            )


def _chunks(messages):
    """Keyset pages, so the run never holds every message (or a server cursor) at once."""
    last = 0
    while True:
        chunk = list(messages.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk

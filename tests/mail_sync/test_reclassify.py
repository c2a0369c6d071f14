"""reclassify_emails: new rules update stored verdicts once, never re-applying a status."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from applications.models import Event, EventKind
from applications.status import Status
from mail_sync.models import MailKind, Message, Suggestion
from mail_sync.processing import process_messages
from tests.factories import ApplicationFactory, UserFactory
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("reclassify_emails", *args, stdout=out)
    return out.getvalue()


def test_reclassify_reports_changes_and_second_run_is_clean(rules, user):
    """A rule change is reported per old → new kind with examples; a rerun finds nothing."""
    account = GmailAccountFactory(user=user)
    application = ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    rules.script("Next steps", MailKind.OTHER)
    rules.script("Regarding your application", MailKind.REJECTION, 0.95, "Acme")
    next_steps = MessageFactory(account=account, subject="Next steps")
    rejection = MessageFactory(account=account, subject="Regarding your application")
    process_messages([next_steps, rejection])
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    status_events = Event.objects.filter(kind=EventKind.STATUS_CHANGE).count()

    # The rules improve: "Next steps" is an interview invite, the rejection is less certain.
    rules.script("Next steps", MailKind.INTERVIEW, 0.9, "Acme")
    rules.script("Regarding your application", MailKind.REJECTION, 0.7, "Acme")
    first = run()

    assert "Checked 2 messages: 2 changed." in first
    assert "other → interview: 1" in first
    assert "rejection → rejection: 1" in first
    assert "“Next steps”: other → interview" in first
    next_steps.refresh_from_db()
    assert (next_steps.kind, next_steps.company) == (MailKind.INTERVIEW, "Acme")
    assert next_steps.application_id == application.pk
    assert Message.objects.get(pk=rejection.pk).confidence == pytest.approx(0.7)
    # Rejected is final: the interview proposes nothing, and the rejection is not re-applied.
    assert Event.objects.filter(kind=EventKind.STATUS_CHANGE).count() == status_events
    assert Suggestion.objects.filter(state=Suggestion.State.APPLIED).count() == 1

    second = run()

    assert "Checked 2 messages: 0 changed." in second
    assert "→" not in second


def test_reclassify_for_one_user(rules):
    """--user limits the run to that user's mail."""
    mine = UserFactory(email="me@example.com")
    theirs = UserFactory()
    rules.script("Offer", MailKind.OFFER, 0.5)
    MessageFactory(account=GmailAccountFactory(user=mine), subject="Offer")
    other = MessageFactory(account=GmailAccountFactory(user=theirs), subject="Offer")

    output = run("--user", "ME@example.com")

    assert "Checked 1 messages: 1 changed." in output
    assert Message.objects.get(pk=other.pk).kind == ""


def test_reclassify_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        run("--user", "nobody@example.com")


def test_reclassify_with_the_real_rules_is_idempotent(user):
    """With the shipped classifier, a second run over real-looking mail changes nothing."""
    account = GmailAccountFactory(user=user)
    MessageFactory(
        account=account,
        from_header="Acme Talent <no-reply@greenhouse.io>",
        from_domain="greenhouse.io",
        subject="Thank you for applying to Acme",
        body_text="Thank you for your application to Acme. We will review it shortly.",
    )
    MessageFactory(
        account=account,
        subject="Your weekly digest",
        body_text="Top stories this week.",
        from_header="News <news@example.org>",
    )

    run()
    assert "0 changed" in run()

"""Factories for stored mail: a Gmail account and messages, no Gmail involved."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mail_sync.classifier import Classification
from mail_sync.models import GmailAccount, MailKind, Message, Suggestion
from tests.factories import ApplicationFactory, UserFactory


class GmailAccountFactory(DjangoModelFactory):
    class Meta:
        model = GmailAccount
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda account: account.user.email)


class MessageFactory(DjangoModelFactory):
    """A parsed, unprocessed message; pass kind/company/etc. to look processed."""

    class Meta:
        model = Message

    account = factory.SubFactory(GmailAccountFactory)
    user = factory.LazyAttribute(lambda message: message.account.user)
    gmail_id = factory.Sequence(lambda n: f"18c{n:013x}")
    thread_id = factory.LazyAttribute(lambda message: message.gmail_id)
    internal_date = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    from_header = "Acme Recruiting <no-reply@acme.com>"
    from_email = "no-reply@acme.com"
    from_domain = "acme.com"
    to_header = "me@example.com"
    subject = "Thank you for applying to Acme"
    snippet = factory.LazyAttribute(lambda message: message.body_text[:100])
    body_text = "Thank you for your application for the Backend Engineer role at Acme."
    body_html = ""
    kind = ""


class SuggestionFactory(DjangoModelFactory):
    class Meta:
        model = Suggestion

    message = factory.SubFactory(MessageFactory, kind=MailKind.REJECTION, confidence=0.6)
    user = factory.LazyAttribute(lambda suggestion: suggestion.message.user)
    application = factory.SubFactory(
        ApplicationFactory, user=factory.SelfAttribute("..message.user")
    )
    to_status = "rejected"
    confidence = 0.6
    reason = "Looks like a rejection."


class ScriptedClassifier:
    """Stands in for the rule classifier where a test is about what happens *after* it.

    Verdicts are keyed by subject, so each message in a test says what it is; anything
    unscripted is "other". The classifier itself is tested on real mail in its own tests.
    """

    def __init__(self) -> None:
        self.verdicts: dict[str, Classification] = {}
        self.calls = 0
        # Every kind's automatic threshold, in place of the trained model's.
        self.threshold = 0.8

    def script(
        self,
        subject: str,
        kind: str,
        confidence: float = 0.9,
        company: str | None = None,
        role: str | None = None,
    ) -> str:
        self.verdicts[subject] = Classification(
            kind=kind,
            confidence=confidence,
            reasons=[f"scripted {kind}"],
            company=company,
            role=role,
        )
        return subject

    def __call__(self, *, sender: str, subject: str, body: str) -> Classification:
        self.calls += 1
        return self.verdicts.get(
            subject, Classification("other", 0.9, ["scripted other"], None, None)
        )

    def classify_many(self, messages, *, own_addresses=(), memory=None) -> list[Classification]:
        return [self(sender=s, subject=t, body=b) for s, t, b in messages]

    def clears_threshold(self, kind: str, confidence: float) -> bool:
        return confidence >= self.threshold


def message_id_of(event) -> int | None:
    """The id of the message an event came from (mail_sync's EventMessage), or None."""
    link = getattr(event, "message_link", None)
    return link.message_id if link is not None else None

"""Stored mail for the API tests: an account and messages, no Gmail involved."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mail_sync.models import GmailAccount, MailKind, Message
from tests.factories import UserFactory


class GmailAccountFactory(DjangoModelFactory):
    class Meta:
        model = GmailAccount
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda account: account.user.email)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    account = factory.SubFactory(GmailAccountFactory)
    user = factory.LazyAttribute(lambda message: message.account.user)
    gmail_id = factory.Sequence(lambda n: f"18d{n:013x}")
    thread_id = factory.LazyAttribute(lambda message: message.gmail_id)
    internal_date = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    from_header = "Acme Recruiting <no-reply@acme.com>"
    from_email = "no-reply@acme.com"
    from_domain = "acme.com"
    subject = "Thank you for applying to Acme"
    body_text = "Thank you for your application for the Backend Engineer role at Acme."
    snippet = "Thank you for your application"
    kind = MailKind.CONFIRMATION
    confidence = 0.9
    company = "Acme"

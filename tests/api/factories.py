"""Stored mail for the API tests: classified messages, no Gmail involved."""

import factory

from mail_sync.models import MailKind
from tests.mail_sync.factories_inbox import GmailAccountFactory
from tests.mail_sync.factories_inbox import MessageFactory as UnprocessedMessageFactory

__all__ = ["GmailAccountFactory", "MessageFactory"]


class MessageFactory(UnprocessedMessageFactory):
    """A message the pipeline has already classified as a confirmation from Acme."""

    gmail_id = factory.Sequence(lambda n: f"18d{n:013x}")
    kind = MailKind.CONFIRMATION
    confidence = 0.9
    company = "Acme"

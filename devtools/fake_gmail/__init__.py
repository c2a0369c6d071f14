"""A fake Gmail API server for tests, the benchmark and the demo (never used in production)."""

from devtools.fake_gmail.mailbox import Mailbox, StoredMessage
from devtools.fake_gmail.server import FakeGmail

__all__ = ["FakeGmail", "Mailbox", "StoredMessage"]

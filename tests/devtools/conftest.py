"""The fake Gmail's own tests use the sync tests' fixtures: a fake per test, an account on it."""

from tests.mail_sync.conftest import fake_gmail, gmail_account, mailbox  # noqa: F401

"""django-q2 tasks: thin, take ids, safe to run twice (the ORM broker delivers at least once)."""

from __future__ import annotations

import logging

from mail_sync import services, sync
from mail_sync.models import GmailAccount, SyncRun

logger = logging.getLogger(__name__)


def sync_account(account_id: int, run_id: int) -> str:
    """Run one queued sync; a finished or locked run is left alone."""
    run = SyncRun.objects.filter(pk=run_id, account_id=account_id).first()
    if run is None:
        logger.info("sync run %s for account %s no longer exists", run_id, account_id)
        return "missing"
    sync.sync_account(run=run)
    return run.state


def sync_all_accounts() -> int:
    """The periodic schedule: queue a sync for every account that can sync."""
    queued = 0
    for account in GmailAccount.objects.syncable().only("id", "user_id"):
        services.queue_sync(account=account, trigger="schedule")
        queued += 1
    return queued

"""The django-q2 schedule that syncs every connected Gmail account periodically."""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

SCHEDULE_NAME = "mail_sync.sync_all_accounts"


def ensure_sync_schedule(*, using: str = DEFAULT_DB_ALIAS, **_signal_kwargs) -> None:
    """Create or update the schedule from the settings; runs after every `migrate`.

    After every migrate rather than once in a data migration: a changed
    GMAIL_SYNC_INTERVAL_MINUTES takes effect at the next release's migrate, and a flushed
    database (tests) gets the schedule back, as Django does for its default Site.
    """
    from django_q.models import Schedule

    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return  # django-q2 is not migrated yet; the migrate that creates it calls us again
    Schedule.objects.using(using).update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "mail_sync.tasks.sync_all_accounts",
            "schedule_type": Schedule.MINUTES,
            "minutes": settings.GMAIL_SYNC_INTERVAL_MINUTES,
            "repeats": -1,
        },
    )

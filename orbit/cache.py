"""Per-user data version: bumped whenever a user's applications or events change.

Caches that derive from a user's data (the analytics dashboard) put the version in their key,
so a bump invalidates them all at once without hunting keys down.
"""

from django.core.cache import cache
from django.db import transaction


def version_key(user_id: int) -> str:
    return f"user-data-version:{user_id}"


def user_data_version(user_id: int) -> int:
    version = cache.get(version_key(user_id))
    if version is None:
        version = 1
        cache.add(version_key(user_id), version, timeout=None)
    return int(version)


def bump_user_data_version(user_id: int) -> None:
    """Invalidate the user's derived caches once the current transaction commits."""

    def bump() -> None:
        try:
            cache.incr(version_key(user_id))
        except ValueError:
            cache.set(version_key(user_id), 2, timeout=None)

    transaction.on_commit(bump)

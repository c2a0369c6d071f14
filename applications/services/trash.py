"""The trash: soft delete, restore, and deleting for good."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
)
from orbit.cache import bump_user_data_version


@transaction.atomic
def soft_delete(*, user, application_ids: list[int]) -> int:
    """Move the user's applications to the trash; returns how many moved."""
    count = (
        Application.objects.for_user(user)
        .filter(pk__in=application_ids)
        .update(deleted_at=timezone.now())
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def restore(*, user, application_ids: list[int]) -> int:
    count = (
        Application.objects.trash_for(user).filter(pk__in=application_ids).update(deleted_at=None)
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def purge(*, user, application_ids: list[int] | None = None) -> int:
    """Delete trashed applications for good (all of the trash when no ids are given)."""
    trashed = Application.objects.trash_for(user)
    if application_ids is not None:
        trashed = trashed.filter(pk__in=application_ids)
    count, _ = trashed.delete()
    if count:
        bump_user_data_version(user.pk)
    return count

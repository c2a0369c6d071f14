"""Bulk actions from the list: one status, tag or archive for many applications."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
    Tag,
)
from applications.services.moves import StatusMove, change_statuses_bulk
from orbit.cache import bump_user_data_version


@dataclass
class BulkResult:
    changed: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        parts = [f"{len(self.changed)} updated"]
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def bulk_change_status(*, user, application_ids: list[int], to: str) -> BulkResult:
    """Apply one status to many applications; each row moves or is refused on its own."""
    moves = change_statuses_bulk(
        moves=[
            StatusMove(application=application, to=to)
            for application in Application.objects.for_user(user).filter(pk__in=application_ids)
        ]
    )
    result = BulkResult()
    for entry in moves:
        if entry.error:
            result.refused[entry.application.pk] = entry.error
        else:
            result.changed.append(entry.application.pk)
    return result


@transaction.atomic
def bulk_archive(*, user, application_ids: list[int]) -> int:
    count = (
        Application.objects.for_user(user)
        .filter(pk__in=application_ids, archived_at__isnull=True)
        .update(archived_at=timezone.now())
    )
    if count:
        bump_user_data_version(user.pk)
    return count


@transaction.atomic
def bulk_tag(*, user, application_ids: list[int], tag: Tag, add: bool) -> int:
    if tag.user_id != user.pk:
        raise ValidationError("Unknown tag.")
    ids = list(
        Application.objects.for_user(user)
        .filter(pk__in=application_ids)
        .values_list("pk", flat=True)
    )
    through = Application.tags.through
    if add:
        through.objects.bulk_create(
            [through(application_id=pk, tag_id=tag.pk) for pk in ids], ignore_conflicts=True
        )
    else:
        through.objects.filter(application_id__in=ids, tag=tag).delete()
    bump_user_data_version(user.pk)
    return len(ids)
